/**
 * The WebAuthn options of a reset's ceremony step (src/password/reset/reset-passkey.ts): the
 * chosen method's, when its reset form is a ceremony (a passkey's `resetForm.options`).
 */
import type { Context } from 'koa';
import { METHODS } from '../../mfa/method-registry.ts';
import { relyingParty } from '../../mfa/passkeys/security-info-routes.ts';
import type { Services } from '../../services.ts';
import { loadPostedForm } from '../../sign-in/interaction.ts';
import { text } from '../../text/catalogue.ts';
import { liveResetFlow, RESET_MAX_FAILURES } from './reset-flow.ts';
import { ResetFlow } from './reset-flow-record.ts';
import { resetBinding } from './reset-passkey.ts';

/**
 * Challenges one reset may ask for: two per try it may make. Each is a stored record, and a reset
 * needs only a typed name (whose starts are limited per source address).
 */
export const PASSKEY_OPTIONS_PER_FLOW = 2 * RESET_MAX_FAILURES;

/** POST /interaction/:uid/forgot/passkey-options: WebAuthn request options as JSON, for the live reset that chose a ceremony. */
export async function resetPasskeyOptions(services: Pick<Services, 'clock' | 'csrf' | 'provider' | 'settings' | 'brand'>, ctx: Context): Promise<void> {
  const { uid } = await loadPostedForm(services.provider, services.csrf, ctx);
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  const form = flow?.state === 'verify' ? METHODS.find((method) => method.id === flow.chosen)?.resetForm : undefined;
  if (!flow || form?.kind !== 'webauthn') {
    ctx.status = 409;
    ctx.body = { error: text('reset.expired') };
    return;
  }
  const counted = await ResetFlow.updateOne({ _id: flow._id, passkeyOptions: { $not: { $gte: PASSKEY_OPTIONS_PER_FLOW } } }, { $inc: { passkeyOptions: 1 } });
  if (counted.modifiedCount !== 1) {
    ctx.status = 429;
    ctx.body = { error: text('reset.passkeyOptionsSpent') };
    return;
  }
  ctx.body = await form.options({ rp: relyingParty(services), boundTo: resetBinding(flow), now });
}
