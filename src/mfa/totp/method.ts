/** The authenticator app (TOTP, RFC 6238) as an MFA method: a code box, `amr` `otp`. */
import { deleteMethods, methodOf } from '../authenticator-store.ts';
import { MFA_AMR_VALUE, type MfaMethod } from '../method.ts';
import { appWizardStep } from './registration-step.ts';
import { appCodeMatches } from './reset-code.ts';
import { totpRows } from './security-info-row.ts';
import { totpCodeCheck } from './verify-code.ts';
import { totpRemoval, totpSecurityInfoActions } from './security-info-actions.ts';

export const totpMethod: MfaMethod = {
  id: 'totp', label: 'securityInfo.method.totp', amr: ['otp', MFA_AMR_VALUE], strength: 'mfa', standalone: true,
  form: 'code',
  registration: {
    choice: { action: 'register', label: 'registration.register', alternativeLabel: 'registration.appInstead' },
    wizard: appWizardStep,
  },
  has: async (userId) => (await methodOf(userId, 'totp')) !== null,
  proves: (amr) => amr.includes('otp'),
  removeAll: (userId) => deleteMethods(userId, ['totp']),
  securityInfoRows: totpRows,
  securityInfoAdd: '/security-info/add-app',
  codeCheck: totpCodeCheck,
  securityInfoActions: totpSecurityInfoActions,
  securityInfoRemoval: totpRemoval,
  resetLabel: 'reset.choose.totp',
  resetForm: { title: 'reset.verify.title', body: 'reset.verify.totp', help: 'reset.verify.totp.help', next: 'reset.verify.next.totp', kind: 'code', label: 'reset.verify.code', letters: false },
  resetCheck: async (check) => await appCodeMatches(check.userId, check.input, check.now, check.secretBox) ? {} : null,
};
