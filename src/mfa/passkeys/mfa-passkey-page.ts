/**
 * A passkey or security key at the MFA step of a sign-in. The challenge is bound to the
 * interaction (oidc-provider ties its uid to this browser's interaction cookie) and to the user
 * signing in, so an assertion made for security info or another sign-in does not count here.
 * A good signature whose counter did not go up (a cloned authenticator) is refused and recorded
 * as a `clonedAuthenticator` detection on the sign-in event. Failures are recorded as failed MFA
 * steps; the code lockout does not apply (nothing can be guessed: each try needs the key and a
 * fresh single-use challenge). Where the app demanded `phrh`, only device-bound keys are listed
 * and accepted (device-bound.ts, src/mfa/mfa-demand.ts).
 */
import type { Context } from 'koa';
import type { Interaction } from 'oidc-provider';
import { authenticationOptions, verifyAuthentication, type AuthenticationResult } from './authentication.ts';
import type { Services } from '../../services.ts';
import { reportClone } from './clone.ts';
import { deviceBoundDemanded } from '../mfa-demand.ts';
import { relyingParty } from './security-info-routes.ts';
import { loadPostedForm } from '../../sign-in/interaction.ts';

/** What the MFA step's passkey check uses: the relying party, the clock, and where a clone is recorded. */
export type MfaPasskeyDeps = Pick<Services, 'brand' | 'clock' | 'logger' | 'risk' | 'settings'>;

export function interactionBinding(uid: string): string {
  return `interaction:${uid}`;
}

/** POST /interaction/:uid/mfa/passkey-options: WebAuthn request options as JSON. */
export async function passkeyOptions(services: Pick<Services, 'brand' | 'clock' | 'csrf' | 'provider' | 'settings'>, ctx: Context): Promise<void> {
  const { interaction } = await loadPostedForm(services.provider, services.csrf, ctx);
  const accountId = interaction.session?.accountId;
  if (interaction.prompt.name !== 'mfa' || !accountId) {
    ctx.status = 409;
    ctx.body = { error: 'This step of the sign-in is over. Reload the page.' };
    return;
  }
  ctx.body = await authenticationOptions({ rp: relyingParty(services), userId: accountId, boundTo: interactionBinding(interaction.uid), now: services.clock.now(), deviceBoundOnly: deviceBoundDemanded(interaction.prompt.details) });
}

/** Checks the posted assertion; a clone is recorded on the sign-in event. */
export async function verifyPasskeyAtMfa(services: MfaPasskeyDeps, interaction: Interaction, accountId: string, assertion: unknown, signInId: string | undefined): Promise<AuthenticationResult> {
  const result = await verifyAuthentication({ rp: relyingParty(services), userId: accountId, boundTo: interactionBinding(interaction.uid), response: assertion, now: services.clock.now(), deviceBoundOnly: deviceBoundDemanded(interaction.prompt.details) });
  if (!result.ok && result.reason === 'CLONED') await reportClone(services, result, signInId);
  return result;
}
