/**
 * A passkey or security key registered inside the sign-in's registration wizard: the methods the
 * registration policy accepts (README.md, "Authentication strengths") include it always, and it
 * is the only one under `strength: phishingResistant`. The ceremony is security info's
 * (src/mfa/passkeys/registration.ts, views/assets/passkeys.js): a challenge bound to this
 * interaction and user, the answer posted in an ordinary form. Registering counts as this
 * sign-in's MFA, as finishing the app's wizard does: the user just proved the new key.
 *
 * A user who already has an authenticator app (asked for a passkey because the policy demands
 * phishing-resistant strength) proves the app first, in the same form, unless this session did
 * MFA: otherwise the password alone would add a key that then passes every MFA step.
 */
import type { Context } from 'koa';
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { mfaMethodAdded } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import { mfaCompleted } from '../../sign-in/mfa-completed.ts';
import { flowOfSession } from '../../sign-in/read.ts';
import { loadPostedForm, type LoadedInteraction } from '../../sign-in/interaction.ts';
import type { Services } from '../../services.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import type { UserRecord } from '../../users/user.ts';
import { findUserById } from '../../users/lookup.ts';
import { amrAfterPassword, didMfa, mfaMethod, passkeyAmr } from '../method-registry.ts';
import { lockedAnswer } from '../lockout.ts';
import { secondFactorError } from '../second-factor-error.ts';
import { verifySecondFactor } from '../verify-second-factor.ts';
import { registrationOptions, verifyRegistration } from './registration.ts';
import { passkeyLabel, PASSKEY_SCRIPTS, relyingParty } from './security-info-routes.ts';
import { cleanName } from './store.ts';

export function wizardBinding(uid: string): string {
  return `interaction:${uid}`;
}

/** The user has an app this session has not proved: the step asks for its code too. */
async function needsAppCode(loaded: LoadedInteraction, userId: string): Promise<boolean> {
  return !didMfa(loaded.interaction.session?.amr) && mfaMethod('totp').has(userId);
}

/** What the wizard's passkey step uses: its page, the relying party, the app's code check, the audit and mail. */
export type PasskeyStepDeps = Pick<Services, 'brand' | 'clock' | 'csrf' | 'mailer' | 'renderer' | 'risk' | 'secretBox' | 'settings'>;

interface StepError { id: TextId; params?: Record<string, string | number>; field: 'passkey-name' | 'code' }

export async function showPasskeyStep(services: Pick<Services, 'csrf' | 'renderer'>, ctx: Context, loaded: LoadedInteraction, later: boolean, error?: StepError, status = 200): Promise<void> {
  const uid = loaded.interaction.uid;
  const appCode = await needsAppCode(loaded, loaded.interaction.session?.accountId ?? '');
  services.renderer.page(ctx, 'mfa/register-passkey', {
    title: text('registration.passkey.title'), action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid),
    options: `/interaction/${uid}/registration/passkey-options`, scripts: PASSKEY_SCRIPTS, later, appCode,
    error: error ? text(error.id, error.params) : undefined, errorField: error?.field,
  }, status);
}

/** POST /interaction/:uid/registration/passkey-options: WebAuthn creation options as JSON. */
export async function wizardPasskeyOptions(services: Pick<Services, 'brand' | 'clock' | 'csrf' | 'provider' | 'settings'>, ctx: Context): Promise<void> {
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

/** The posted answer: verified, stored, audited and e-mailed, then the sign-in's MFA is done. */
export async function addWizardPasskey(services: PasskeyStepDeps, ctx: Context, loaded: LoadedInteraction & { body: Record<string, unknown> }, user: UserRecord, later: boolean): Promise<void> {
  const { interaction, body } = loaded;
  const now = services.clock.now();
  const name = cleanName(body.name, text('securityInfo.passkey.defaultName'));
  if (await needsAppCode(loaded, user._id.toString())) {
    // The app first: the same check (lockout, single use) as at the MFA step.
    const proof = await verifySecondFactor({ userId: user._id.toString(), code: typeof body.code === 'string' ? body.code.slice(0, 64) : '', now, secretBox: services.secretBox });
    if (!proof.ok) {
      const locked = proof.reason === 'LOCKED' ? lockedAnswer(proof.retryAfterSeconds) : undefined;
      if (locked?.retryAfter) ctx.set('Retry-After', locked.retryAfter);
      await showPasskeyStep(services, ctx, loaded, later, { ...secondFactorError(proof), field: 'code' }, locked?.status ?? 401);
      return;
    }
  }
  const result = await verifyRegistration({ rp: relyingParty(services), userId: user._id.toString(), boundTo: wizardBinding(interaction.uid), name, response: body.response, now });
  if (!result.ok) {
    const error: TextId = result.reason === 'ALREADY_REGISTERED' ? 'securityInfo.passkey.already' : result.reason === 'TOO_MANY' ? 'securityInfo.passkey.tooMany' : 'securityInfo.passkey.failed';
    await showPasskeyStep(services, ctx, loaded, later, { id: error, field: 'passkey-name' }, result.reason === 'INVALID' || result.reason === 'CHALLENGE' ? 400 : 409);
    return;
  }
  await auditSecurityInfo(services, ctx, user, { action: 'security-info.method-added', after: { method: 'passkey', name: result.passkey.name } });
  await notifyUser(services.mailer, user, mfaMethodAdded({ brand: services.brand, methodLabel: passkeyLabel(result.passkey), when: now }));
  const signInId = (await flowOfSession(interaction.session?.uid))?.signInId;
  await mfaCompleted(services, ctx, interaction, user._id.toString(), signInId, amrAfterPassword(passkeyAmr(result.passkey.deviceType)));
}
