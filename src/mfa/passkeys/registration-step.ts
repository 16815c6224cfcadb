/**
 * A passkey or security key registered inside the sign-in's registration interrupt, on a page of
 * its own (the passkey's `registration.page`): the methods the registration policy accepts
 * (README.md, "Authentication strengths") include it always, and it is the only one under
 * `strength: phishingResistant`. The ceremony is security info's
 * (src/mfa/passkeys/registration.ts, views/assets/passkeys.js): a challenge bound to this
 * interaction and user, the answer posted in an ordinary form. Registering counts as this
 * sign-in's MFA (src/mfa/registration-page.ts completes it with the `amr` the key gives).
 *
 * A user who already has an authenticator app (asked for a passkey because the policy demands
 * phishing-resistant strength) proves the app first, in the same form, unless this session did
 * MFA (the interrupt says so: `codeFirst`): otherwise the password alone would add a key that then
 * passes every MFA step.
 */
import type { Context } from 'koa';
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { mfaMethodAdded } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import { loadPostedForm, type LoadedInteraction } from '../../sign-in/interaction.ts';
import type { Services } from '../../services.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import type { UserRecord } from '../../users/user.ts';
import { findUserById } from '../../users/lookup.ts';
import type { RegistrationPage, RegistrationPageDeps, RegistrationPageState } from '../method-registration.ts';
import { lockedAnswer } from '../lockout.ts';
import { secondFactorError } from '../second-factor-error.ts';
import { passkeyAmr } from './amr.ts';
import { registrationOptions, verifyRegistration } from './registration.ts';
import { passkeyLabel, PASSKEY_SCRIPTS, relyingParty } from './security-info-routes.ts';
import { cleanName } from './store.ts';

export function wizardBinding(uid: string): string {
  return `interaction:${uid}`;
}

/** What the interrupt's passkey page uses: its page, the relying party, the app's code check, the audit and mail. */
export type PasskeyStepDeps = RegistrationPageDeps;

interface StepError { id: TextId; params?: Record<string, string | number>; field: 'passkey-name' | 'code' }

async function showPasskeyStep(services: Pick<Services, 'csrf' | 'renderer'>, ctx: Context, loaded: LoadedInteraction, state: RegistrationPageState, error?: StepError, status = 200): Promise<void> {
  const uid = loaded.interaction.uid;
  services.renderer.page(ctx, 'mfa/register-passkey', {
    title: text('registration.passkey.title'), action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid),
    options: `/interaction/${uid}/registration/passkey-options`, scripts: PASSKEY_SCRIPTS, later: state.later, appCode: state.codeFirst !== null,
    error: error ? text(error.id, error.params) : undefined, errorField: error?.field,
  }, status);
}

/** POST /interaction/:uid/registration/passkey-options: WebAuthn creation options as JSON. */
async function wizardPasskeyOptions(services: Pick<Services, 'brand' | 'clock' | 'csrf' | 'provider' | 'settings'>, ctx: Context): Promise<void> {
  const { interaction } = await loadPostedForm(services.provider, services.csrf, ctx);
  const user = interaction.prompt.name === 'mfa_registration' ? await findUserById(interaction.session?.accountId) : null;
  if (!user) {
    ctx.status = 409;
    ctx.body = { error: 'This step of the sign-in is over. Reload the page.' };
    return;
  }
  const result = await registrationOptions({ rp: relyingParty(services), userId: user._id.toString(), username: user.username, boundTo: wizardBinding(interaction.uid), now: services.clock.now() });
  ctx.status = result.ok ? 200 : 409;
  ctx.body = result.ok ? result.options : { error: text('securityInfo.passkey.tooMany') };
}

/** The posted answer: verified, stored, audited and e-mailed; the `amr` the new key gives (null: the page again). */
async function addWizardPasskey(services: PasskeyStepDeps, ctx: Context, loaded: LoadedInteraction & { body: Record<string, unknown> }, user: UserRecord, state: RegistrationPageState): Promise<readonly string[] | null> {
  const { interaction, body } = loaded;
  const now = services.clock.now();
  const name = cleanName(body.name, text('securityInfo.passkey.defaultName'));
  if (state.codeFirst) {
    // The app first: the same check (lockout, single use) as at the MFA step.
    const proof = await state.codeFirst(typeof body.code === 'string' ? body.code.slice(0, 64) : '');
    if (!proof.ok) {
      const locked = proof.reason === 'LOCKED' ? lockedAnswer(proof.retryAfterSeconds) : undefined;
      if (locked?.retryAfter) ctx.set('Retry-After', locked.retryAfter);
      await showPasskeyStep(services, ctx, loaded, state, { ...secondFactorError(proof), field: 'code' }, locked?.status ?? 401);
      return null;
    }
  }
  const result = await verifyRegistration({ rp: relyingParty(services), userId: user._id.toString(), boundTo: wizardBinding(interaction.uid), name, response: body.response, now });
  if (!result.ok) {
    const error: TextId = result.reason === 'ALREADY_REGISTERED' ? 'securityInfo.passkey.already' : result.reason === 'TOO_MANY' ? 'securityInfo.passkey.tooMany' : 'securityInfo.passkey.failed';
    await showPasskeyStep(services, ctx, loaded, state, { id: error, field: 'passkey-name' }, result.reason === 'INVALID' || result.reason === 'CHALLENGE' ? 400 : 409);
    return null;
  }
  await auditSecurityInfo(services, ctx, user, { action: 'security-info.method-added', after: { method: 'passkey', name: result.passkey.name } });
  await notifyUser(services.mailer, user, mfaMethodAdded({ brand: services.brand, methodLabel: passkeyLabel(result.passkey), when: now }));
  return passkeyAmr(result.passkey.deviceType);
}

export const passkeyRegistrationPage: RegistrationPage = {
  routes: [{ path: '/registration/passkey-options', handler: wizardPasskeyOptions }],
  actions: ['add-passkey'],
  show: (services, ctx, loaded, state) => showPasskeyStep(services, ctx, loaded, state),
  submit: addWizardPasskey,
};
