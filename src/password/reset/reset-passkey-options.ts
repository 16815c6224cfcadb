/** The WebAuthn options of a reset's passkey step (src/password/reset/reset-passkey.ts). */
import type { Context } from 'koa';
import { authenticationOptions } from '../../mfa/passkeys/authentication.ts';
import { relyingParty } from '../../mfa/passkeys/security-info-routes.ts';
import type { Services } from '../../services.ts';
import { loadPostedForm } from '../../sign-in/interaction.ts';
import { text } from '../../text/catalogue.ts';
import { liveResetFlow } from './reset-flow.ts';
import { resetBinding } from './reset-passkey.ts';

/** POST /interaction/:uid/forgot/passkey-options: WebAuthn request options as JSON, for the live reset that chose a passkey. */
export async function resetPasskeyOptions(services: Pick<Services, 'clock' | 'csrf' | 'provider' | 'settings' | 'brand'>, ctx: Context): Promise<void> {
  const { uid } = await loadPostedForm(services.provider, services.csrf, ctx);
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  if (!flow || flow.state !== 'verify' || flow.chosen !== 'passkey') {
    ctx.status = 409;
    ctx.body = { error: text('reset.expired') };
    return;
  }
  ctx.body = await authenticationOptions({ rp: relyingParty(services), userId: null, boundTo: resetBinding(flow), now });
}
