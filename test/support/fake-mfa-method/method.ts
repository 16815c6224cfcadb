/**
 * A fake MFA method defined only in the tests, to prove that adding a method is its folder and
 * one line in the registry (docs/ARCHITECTURE.md, "An MFA method"): an 8-digit PIN typed in the
 * MFA step's code form, `amr` `pin` (RFC 8176). Added with
 * `startTestApp({ …, methods: [...BUILT_IN_METHODS, pinMethod], views: PIN_VIEWS })`.
 */
import { join } from 'node:path';
import { MFA_AMR_VALUE, type MfaMethod, type MfaMethodId } from '../../../src/mfa/method.ts';
import { text } from '../../../src/text/catalogue.ts';
import { pinRegistration } from './registration-step.ts';
import { pinRoutes, PIN_PATTERN } from './security-info-routes.ts';
import { hashPin, markPinUsed, pinOf, removePin } from './store.ts';
import { pinText } from './texts.ts';

/** Not one of src's MfaMethodId (a closed list there): the fake's id is cast into it, here only. */
export const PIN_ID = 'pin' as MfaMethodId;

/** Its views (the add form security info includes), beside views/'s own. */
export const PIN_VIEWS = join(import.meta.dirname, 'views');

async function pinMatches(userId: string, pin: string): Promise<boolean> {
  const record = await pinOf(userId);
  return record !== null && PIN_PATTERN.test(pin) && record.hash === hashPin(pin);
}

export const pinMethod: MfaMethod = {
  id: PIN_ID, label: pinText('fakePin.label'), amr: ['pin', MFA_AMR_VALUE], strength: 'mfa', standalone: true,
  form: 'code',
  registration: pinRegistration,
  has: async (userId) => (await pinOf(userId)) !== null,
  proves: (amr) => amr.includes('pin'),
  removeAll: removePin,
  securityInfoRows: async (userId) => {
    const pin = await pinOf(userId);
    const label = text(pinText('fakePin.label'));
    return pin ? [{ id: userId, kind: PIN_ID, label, createdAt: pin.createdAt, lastUsedAt: pin.lastUsedAt,
      actions: [{ url: '/security-info/pin/remove', field: 'pin-owner', action: 'remove-pin', label: text('securityInfo.remove'), names: label }] }] : [];
  },
  securityInfoAdd: '/fake-pin/security-info-add',
  securityInfoRoutes: pinRoutes,
  codeCheck: {
    claims: (code) => PIN_PATTERN.test(code),
    async verify({ userId, code, now }) {
      if (!(await pinOf(userId))) return { ok: false, reason: 'NO_METHOD' };
      if (!await pinMatches(userId, code)) return { ok: false, reason: 'INVALID' };
      await markPinUsed(userId, now);
      return { ok: true };
    },
  },
  resetLabel: pinText('fakePin.reset'),
  resetForm: { title: pinText('fakePin.resetTitle'), body: pinText('fakePin.resetBody'), next: pinText('fakePin.resetNext'), kind: 'code', label: pinText('fakePin.field'), letters: false },
  resetCheck: async (check) => await pinMatches(check.userId, check.input) ? {} : null,
};
