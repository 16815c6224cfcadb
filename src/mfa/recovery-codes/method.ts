/**
 * Recovery codes as an MFA method: the app's backup, registered with it and typed in its code
 * form, never the user's MFA on their own.
 */
import { deleteMethods, methodOf } from '../authenticator-store.ts';
import { MFA_AMR_VALUE, type MfaMethod } from '../method.ts';
import { recoveryCodesWizardStep } from './registration-step.ts';
import { recoveryCodeMatches } from './reset-code.ts';
import { recoveryCodeRows } from './security-info-row.ts';
import { recoveryCodeCheck } from './verify-code.ts';
import { recoveryCodesSecurityInfoActions } from './security-info-actions.ts';

export const recoveryCodesMethod: MfaMethod = {
  id: 'recovery', label: 'securityInfo.method.recovery', amr: ['otp', MFA_AMR_VALUE], strength: 'mfa', standalone: false,
  form: 'code',
  // Its page follows the app's (the app's `followedBy`), never offered on its own.
  registration: { choice: null, wizard: recoveryCodesWizardStep },
  has: async (userId) => (await methodOf(userId, 'recovery')) !== null,
  proves: (amr) => amr.includes('otp'),
  removeAll: (userId) => deleteMethods(userId, ['recovery']),
  securityInfoRows: recoveryCodeRows,
  // New codes come with the app, or from its "Create new recovery codes" (views/security-info/add-app.eta).
  securityInfoAdd: null,
  codeCheck: recoveryCodeCheck,
  securityInfoActions: recoveryCodesSecurityInfoActions,
  resetLabel: 'reset.choose.recovery',
  resetForm: { title: 'reset.verify.recoveryTitle', body: 'reset.verify.recovery', next: 'reset.verify.next.totp', kind: 'code', label: 'reset.verify.recoveryCode', letters: true },
  resetCheck: async (check) => {
    const left = await recoveryCodeMatches(check.userId, check.input, check.now);
    return left === null ? null : { recoveryCodesLeft: left };
  },
};
