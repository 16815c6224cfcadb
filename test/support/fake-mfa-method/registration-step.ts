/**
 * The fake PIN's registration (its `registration`): offered by the registration interrupt with a
 * button of its own, and a page of the combined-registration wizard (no data of its own in the
 * flow, so the wizard begins it); choosing a PIN registers it, then the wizard's reset e-mail step
 * follows, and finishing is the sign-in's MFA.
 */
import type { MfaRegistration } from '../../../src/mfa/method.ts';
import { RegistrationFlow } from '../../../src/mfa/registration-flow-record.ts';
import { text } from '../../../src/text/catalogue.ts';
import { PIN_PATTERN } from './security-info-routes.ts';
import { putPin } from './store.ts';
import { pinText } from './texts.ts';

export const pinRegistration: MfaRegistration = {
  choice: { action: 'register-pin', label: pinText('fakePin.register'), alternativeLabel: pinText('fakePin.registerInstead') },
  wizard: {
    show: async (wizard, _flow, page, status) => {
      wizard.services.renderer.page(wizard.ctx, 'fake-pin/register', { ...page, title: text(pinText('fakePin.register')), later: wizard.later, errorField: page.error ? 'pin' : undefined }, status);
    },
    submit: async (wizard, flow, action, field, next) => {
      if (action !== 'set-pin') return { kind: 'ignored' };
      if (!PIN_PATTERN.test(field('pin'))) return { kind: 'error', error: 'error.badRequest' };
      await putPin(flow.userId, field('pin'), wizard.services.clock.now());
      await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: next } });
      return { kind: 'next', flow: { ...flow, state: next } };
    },
  },
};
