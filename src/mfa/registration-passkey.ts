/**
 * A passkey or security key registered inside the sign-in's registration wizard: the methods the
 * registration policy accepts (README.md, "Authentication strengths") include it always, and it
 * is the only one under `strength: phishingResistant`. The ceremony is security info's
 * (src/mfa/passkeys/registration.ts, views/assets/passkeys.js): a challenge bound to this
 * interaction and user, the answer posted in an ordinary form. Registering counts as this
 * sign-in's MFA, as finishing the app's wizard does: the user just proved the new key.
 */
import type { Context } from 'koa';
import { auditSecurityInfo } from '../audit/security-info.ts';
import { mfaMethodAdded } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { mfaCompleted } from '../sign-in/mfa-completed.ts';
import { flowOfSession } from '../sign-in/read.ts';
import { loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import type { UserRecord } from '../users/user.ts';
import { findUserById } from '../users/lookup.ts';
import { amrAfterPassword, passkeyAmr } from './method-registry.ts';
import { registrationOptions, verifyRegistration } from './passkeys/registration.ts';
import { passkeyLabel, PASSKEY_SCRIPTS, relyingParty } from './passkeys/security-info-routes.ts';
import { cleanName } from './passkeys/store.ts';

export function wizardBinding(uid: string): string {
  return `interaction:${uid}`;
}

export function showPasskeyStep(services: Services, ctx: Context, loaded: LoadedInteraction, later: boolean, error?: TextId, status = 200): void {
  const uid = loaded.interaction.uid;
  services.renderer.page(ctx, 'mfa/register-passkey', {
    title: text('registration.passkey.title'), action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid),
    options: `/interaction/${uid}/registration/passkey-options`, scripts: PASSKEY_SCRIPTS, later,
    error: error ? text(error) : undefined, errorField: error ? 'passkey-name' : undefined,
  }, status);
}

/** POST /interaction/:uid/registration/passkey-options: WebAuthn creation options as JSON. */
export async function wizardPasskeyOptions(services: Services, ctx: Context): Promise<void> {
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
export async function addWizardPasskey(services: Services, ctx: Context, loaded: LoadedInteraction & { body: Record<string, unknown> }, user: UserRecord, later: boolean): Promise<void> {
  const { interaction, body } = loaded;
  const now = services.clock.now();
  const name = cleanName(body.name, text('securityInfo.passkey.defaultName'));
  const result = await verifyRegistration({ rp: relyingParty(services), userId: user._id.toString(), boundTo: wizardBinding(interaction.uid), name, response: body.response, now });
  if (!result.ok) {
    const error: TextId = result.reason === 'ALREADY_REGISTERED' ? 'securityInfo.passkey.already' : result.reason === 'TOO_MANY' ? 'securityInfo.passkey.tooMany' : 'securityInfo.passkey.failed';
    showPasskeyStep(services, ctx, loaded, later, error, result.reason === 'INVALID' || result.reason === 'CHALLENGE' ? 400 : 409);
    return;
  }
  await auditSecurityInfo(services, ctx, user, { action: 'security-info.method-added', after: { method: 'passkey', name: result.passkey.name } });
  await notifyUser(services.mailer, user, mfaMethodAdded({ brand: services.brand, methodLabel: passkeyLabel(result.passkey), when: now }));
  const signInId = (await flowOfSession(interaction.session?.uid))?.signInId;
  await mfaCompleted(services, ctx, interaction, user._id.toString(), signInId, amrAfterPassword(passkeyAmr(result.passkey.deviceType)));
}
