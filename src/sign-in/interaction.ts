/**
 * Loading the interaction a page belongs to. An unknown, expired or foreign interaction becomes
 * the friendly "this sign-in has expired" page, never an error dump.
 */
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { errors, type Interaction } from 'oidc-provider';
import type { CsrfGuard } from '../http/csrf.ts';
import { formBody } from '../http/form.ts';
import { csrfFailed, interactionExpired } from '../http/http-error.ts';

export interface LoadedInteraction {
  interaction: Interaction;
  clientName: string;
  clientId: string;
}

export async function loadInteraction(provider: Provider, ctx: Context): Promise<LoadedInteraction> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) throw interactionExpired();
    throw error;
  }
  if (interaction.uid !== ctx.params.uid) throw interactionExpired();
  const clientId = String(interaction.params.client_id ?? '');
  const client = await provider.Client.find(clientId);
  return { interaction, clientId, clientName: client?.clientName ?? clientId };
}

/**
 * Ends the interaction step with a result and sends the browser back to the authorization.
 * What provider.interactionResult does, on the interaction this request already loaded (it
 * would read it again: one database round trip per finished step).
 */
export async function finishStep(ctx: Context, interaction: Interaction, result: Record<string, unknown>): Promise<void> {
  interaction.result = result;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  ctx.status = 303;
  ctx.redirect(interaction.returnTo);
}

/**
 * A step posted out of order (a form for a step this sign-in does not owe now): back to the
 * interaction, which shows the step that is owed. Nothing posted is acted on.
 */
export function backToCurrentStep(ctx: Context, uid: string): void {
  ctx.status = 303;
  ctx.redirect(`/interaction/${uid}`);
}

/** A form posted to an interaction page: the interaction it belongs to, its CSRF token checked. */
export async function loadPostedForm(provider: Provider, csrf: CsrfGuard, ctx: Context): Promise<LoadedInteraction & { uid: string; body: Record<string, unknown> }> {
  const loaded = await loadInteraction(provider, ctx);
  const body = formBody(ctx);
  if (!csrf.verify(loaded.interaction.uid, body.csrf)) throw csrfFailed();
  return { ...loaded, uid: loaded.interaction.uid, body };
}
