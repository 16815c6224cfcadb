/**
 * A passkey or security key as an MFA method: proof of possession of a hardware-secured key
 * (`hwk`) with a user presence test (`user`). A synced passkey lives in a cloud keychain, not one
 * device's hardware: it is reported as proof of possession of a key (`pop`), see passkeyAmr.
 */
import type { MfaMethod } from '../method.ts';
import { DEVICE_BOUND_AMR, passkeyAmr } from './amr.ts';
import { passkeyRegistrationPage } from './registration-step.ts';
import { passkeyOptions, verifyPasskeyAtMfa } from './mfa-passkey-page.ts';
import { passkeyResetMatches } from './reset-check.ts';
import { passkeyRows } from './security-info-rows.ts';
import { hasDeviceBoundPasskey } from './device-bound.ts';
import { PASSKEY_SCRIPTS, passkeyRoutes, verifyPasskeyProof } from './security-info-routes.ts';
import { passkeysOf, removeAllPasskeys } from './store.ts';
import { authenticationOptions } from './authentication.ts';

export { passkeyAmr } from './amr.ts';

export const passkeyMethod: MfaMethod = {
  id: 'passkey', label: 'securityInfo.method.passkey', amr: DEVICE_BOUND_AMR, strength: 'phishingResistant', standalone: true,
  form: 'webauthn',
  registration: {
    choice: { action: 'register-passkey', label: 'registration.registerPasskey', alternativeLabel: 'registration.passkeyInstead' },
    page: passkeyRegistrationPage,
  },
  has: async (userId) => (await passkeysOf(userId)).length > 0,
  // A device-bound key says `hwk`, a synced one `pop` (passkeyAmr); both with the user test.
  proves: (amr) => amr.includes('user') && (amr.includes('hwk') || amr.includes('pop')),
  removeAll: (userId) => removeAllPasskeys(userId),
  securityInfoRows: passkeyRows,
  securityInfoAdd: '/security-info/add-passkey',
  securityInfoRoutes: passkeyRoutes,
  securityInfoScripts: PASSKEY_SCRIPTS,
  proof: verifyPasskeyProof,
  hasDeviceBound: hasDeviceBoundPasskey,
  mfaStep: {
    routes: [{ path: '/mfa/passkey-options', handler: passkeyOptions }],
    optionsPath: '/mfa/passkey-options',
    scripts: PASSKEY_SCRIPTS,
    verify: async (services, check) => {
      const result = await verifyPasskeyAtMfa(services, check.interaction, check.accountId, check.answer, check.signInId);
      return result.ok ? { ok: true, amr: passkeyAmr(result.passkey.deviceType) } : { ok: false, reason: result.reason.toLowerCase() };
    },
  },
  resetLabel: 'reset.choose.passkey',
  resetForm: {
    title: 'reset.verify.passkeyTitle', body: 'reset.verify.passkey', next: 'reset.verify.next.passkey',
    kind: 'webauthn', button: 'mfa.usePasskey', failed: 'reset.verify.passkeyFailed', scripts: PASSKEY_SCRIPTS,
    options: (start) => authenticationOptions({ rp: start.rp, userId: null, boundTo: start.boundTo, now: start.now }),
  },
  resetCheck: async (check) => await passkeyResetMatches({ userId: check.userId, assertion: check.input, now: check.now, boundTo: check.boundTo, rp: check.rp }) ? {} : null,
};
