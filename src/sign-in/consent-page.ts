/**
 * Consent: the user allows (or denies) a third-party app the scopes and claims it asked for.
 * First-party apps never get here (see loadExistingGrant in src/oidc/provider.ts).
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { field } from '../http/form.ts';
import type { Services } from '../services.ts';
import { isTextId, text } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from './interaction.ts';

const consentForm = z.object({ csrf: field(200), action: z.enum(['approve', 'deny', 'switch']) });

function scopeLabels(scopes: ReadonlyArray<string>, claims: ReadonlyArray<string>): string[] {
  const labels = scopes.map((scope) => {
    const id = `consent.scope.${scope}`;
    return isTextId(id) ? text(id) : scope;
  });
  if (claims.length) labels.push(text('consent.claims', { claims: claims.join(', ') }));
  return labels;
}

/** What the consent page uses. */
export type ConsentDeps = Pick<Services, 'csrf' | 'provider' | 'renderer'>;

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export async function showConsent(services: ConsentDeps, ctx: Context, loaded: LoadedInteraction): Promise<void> {
  const details = loaded.interaction.prompt.details;
  const uid = loaded.interaction.uid;
  const user = await findUserById(loaded.interaction.session?.accountId);
  services.renderer.page(ctx, 'sign-in/consent', {
    title: text('consent.title'),
    clientName: loaded.clientName,
    username: user?.username ?? '',
    scopes: scopeLabels(asStrings(details.missingOIDCScope), asStrings(details.missingOIDCClaims)),
    action: `/interaction/${uid}/consent`,
    csrf: services.csrf.token(uid),
  });
}

/**
 * "Not you?": ends this browser's sign-in session and starts the app's authorization request
 * again (without its login_hint), so the login page asks who is signing in.
 */
async function signInAsSomeoneElse(services: Pick<Services, 'provider'>, ctx: Context, loaded: LoadedInteraction): Promise<void> {
  const sessionUid = loaded.interaction.session?.uid;
  const session = sessionUid ? await services.provider.Session.findByUid(sessionUid) : undefined;
  await session?.destroy();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(loaded.interaction.params)) {
    if (typeof value === 'string' && name !== 'login_hint') params.set(name, value);
  }
  ctx.status = 303;
  ctx.redirect(`/auth?${params.toString()}`);
}

export async function submitConsent(services: ConsentDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { interaction, body } = loaded;
  const form = consentForm.safeParse(body);
  if (interaction.prompt.name !== 'consent') {
    backToCurrentStep(ctx, interaction.uid);
    return;
  }
  if (!form.success) {
    await showConsent(services, ctx, loaded);
    ctx.status = 400;
    return;
  }
  if (form.data.action === 'switch') {
    await signInAsSomeoneElse(services, ctx, loaded);
    return;
  }
  if (form.data.action === 'deny') {
    await finishStep(ctx, interaction, { error: 'access_denied', error_description: 'End-User denied the request' });
    return;
  }
  const accountId = interaction.session?.accountId;
  const { Grant } = services.provider;
  const grant = (interaction.grantId ? await Grant.find(interaction.grantId) : undefined)
    ?? new Grant({ accountId, clientId: loaded.clientId });
  const details = interaction.prompt.details;
  const scopes = asStrings(details.missingOIDCScope);
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = asStrings(details.missingOIDCClaims);
  if (claims.length) grant.addOIDCClaims(claims);
  const resourceScopes = details.missingResourceScopes;
  if (resourceScopes && typeof resourceScopes === 'object') {
    for (const [indicator, scopeList] of Object.entries(resourceScopes)) grant.addResourceScope(indicator, asStrings(scopeList).join(' '));
  }
  const grantId = await grant.save();
  await finishStep(ctx, interaction, { consent: interaction.grantId ? {} : { grantId } });
}
