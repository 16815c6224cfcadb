/**
 * The authenticator app in security info: its button (`register`, views/security-info/add-app.eta)
 * starts the registration wizard, which adds or replaces the app; removing it removes its
 * recovery codes, and is refused while the registration policy requires MFA of the user.
 */
import type { SecurityInfoRemoval } from '../method.ts';
import type { SecurityInfoActions } from '../../security-info/method-kit.ts';

export const totpSecurityInfoActions: SecurityInfoActions = {
  register: (ctx, signed, kit) => kit.startWizard(ctx, signed),
};

export const totpRemoval: SecurityInfoRemoval = {
  consequence: 'securityInfo.confirmRemove.totp',
  alsoRemoves: ['recovery'],
  keptWhileRequired: true,
};
