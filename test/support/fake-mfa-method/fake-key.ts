/**
 * A second WebAuthn-form method, defined only in the tests, to check the MFA step with several:
 * a "key" whose ceremony is a fixed answer (FAKE_KEY_ANSWER), `amr` `sc` (RFC 8176), held by the
 * users in `fakeKeyHolders`. It is never offered for registration and has no security info rows.
 */
import { passkeyMethod } from '../../../src/mfa/passkeys/method.ts';
import { MFA_AMR_VALUE, type MfaMethod, type MfaMethodId } from '../../../src/mfa/method.ts';

/** Not one of src's MfaMethodId: cast here only, as the PIN's. */
export const FAKE_KEY_ID = 'fake-key' as MfaMethodId;
export const FAKE_KEY_ANSWER = 'fake-key-answer';
export const FAKE_KEY_OPTIONS = '/mfa/fake-key-options';

export const fakeKeyHolders = new Set<string>();

export const fakeKeyMethod: MfaMethod = {
  ...passkeyMethod,
  id: FAKE_KEY_ID, amr: ['sc', MFA_AMR_VALUE],
  registration: { ...passkeyMethod.registration, choice: null },
  has: (userId) => Promise.resolve(fakeKeyHolders.has(userId)),
  proves: (amr) => amr.includes('sc'),
  removeAll: (userId) => Promise.resolve(fakeKeyHolders.delete(userId) ? 1 : 0),
  securityInfoRows: () => Promise.resolve([]),
  securityInfoAdd: null, securityInfoRoutes: undefined, securityInfoScripts: undefined, proof: undefined, hasDeviceBound: undefined,
  mfaStep: {
    routes: [{ path: FAKE_KEY_OPTIONS, handler: (_services, ctx) => { ctx.body = { challenge: 'fake' }; return Promise.resolve(); } }],
    optionsPath: FAKE_KEY_OPTIONS,
    scripts: [],
    verify: (_services, check) => Promise.resolve(check.answer === FAKE_KEY_ANSWER && fakeKeyHolders.has(check.accountId)
      ? { ok: true, amr: ['sc', MFA_AMR_VALUE] } : { ok: false, reason: 'invalid' }),
  },
  resetCheck: () => Promise.resolve(null),
};
