/**
 * The fake PIN's registration in the sign-in's registration interrupt (its `registration`): a
 * page of its own, as a passkey's, offered with a button of its own; choosing a PIN registers it
 * and is the sign-in's MFA.
 */
import { MFA_AMR_VALUE } from '../../../src/mfa/method.ts';
import type { MfaRegistration, RegistrationPageState } from '../../../src/mfa/method.ts';
import type { RegistrationPageDeps } from '../../../src/mfa/method-registration.ts';
import type { LoadedInteraction } from '../../../src/sign-in/interaction.ts';
import { text } from '../../../src/text/catalogue.ts';
import type { Context } from 'koa';
import { PIN_PATTERN } from './security-info-routes.ts';
import { putPin } from './store.ts';
import { pinText } from './texts.ts';

async function showPinPage(services: RegistrationPageDeps, ctx: Context, loaded: LoadedInteraction, state: RegistrationPageState, status = 200): Promise<void> {
  const uid = loaded.interaction.uid;
  services.renderer.page(ctx, 'fake-pin/register', {
    title: text(pinText('fakePin.register')), action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid),
    later: state.later, error: status === 200 ? undefined : text('error.badRequest'), errorField: status === 200 ? undefined : 'pin',
  }, status);
}

export const pinRegistration: MfaRegistration = {
  choice: { action: 'register-pin', label: pinText('fakePin.register'), alternativeLabel: pinText('fakePin.registerInstead') },
  page: {
    routes: [],
    actions: ['set-pin'],
    show: (services, ctx, loaded, state) => showPinPage(services, ctx, loaded, state),
    submit: async (services, ctx, loaded, user, state) => {
      const pin = loaded.body.pin;
      if (typeof pin !== 'string' || !PIN_PATTERN.test(pin) || (state.codeFirst && !(await state.codeFirst(String(loaded.body.code ?? ''))).ok)) {
        await showPinPage(services, ctx, loaded, state, 400);
        return null;
      }
      await putPin(user._id.toString(), pin, services.clock.now());
      return ['pin', MFA_AMR_VALUE];
    },
  },
};
