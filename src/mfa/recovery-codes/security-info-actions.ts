/**
 * Recovery codes' button in security info (their `securityInfoActions`): `regenerate`, offered
 * with the app's (views/security-info/add-app.eta), shows the new codes once.
 */
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { recoveryCodesRegenerated } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import type { SecurityInfoActions } from '../../security-info/method-kit.ts';
import { methodOf } from '../authenticator-store.ts';
import { regenerateRecoveryCodes } from './regenerate.ts';

export const recoveryCodesSecurityInfoActions: SecurityInfoActions = {
  async regenerate(ctx, signed, kit) {
    const userId = signed.user._id.toString();
    // Recovery codes back up an authenticator app: without one they would be a lone second factor.
    if (!await methodOf(userId, 'totp')) {
      await kit.render(ctx, signed, { error: 'error.badRequest', errorField: '', status: 409 });
      return;
    }
    const { services } = kit;
    const now = services.clock.now();
    const codes = await regenerateRecoveryCodes(userId, now);
    await auditSecurityInfo(services, ctx, signed.user, { action: 'security-info.recovery-codes-regenerated', after: { newRecoveryCodes: codes.length } });
    await notifyUser(services.mailer, signed.user, recoveryCodesRegenerated({ brand: services.brand, when: now }));
    await kit.render(ctx, signed, { notice: 'securityInfo.regenerated', newCodes: codes });
  },
};
