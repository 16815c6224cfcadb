/**
 * Signing in with a passkey, without a password (README.md, "Sign in with a passkey"). The login
 * page asks for WebAuthn options with no allowed credentials (the browser offers the passkeys it
 * holds for Vigil, by the button or in the username field's autofill), on a single-use challenge
 * bound to this interaction, with user verification required: the passkey is both factors. The
 * user is the passkey's owner, found by the credential the browser names — never by a name typed
 * in. The attempt then goes the password's way: throttle, risk assessment, the decision
 * (decide.ts `decideAtPasskey`), the recorded event, the flow; the session is multi-factor and
 * phishing-resistant (amr `hwk`|`pop`, `user`, `mfa`; no `pwd`).
 *
 * Every failure — a credential nobody has (or one removed), a bad signature, a spent or foreign
 * challenge — gets the same sentence: nothing tells whether a passkey exists. Each is recorded
 * as a wrong password is (`failedPasskey` for the account the credential names, `unknownUser`
 * for none) and counts against the source's throttle. A cloned key (its counter did not go up)
 * is refused, recorded as an attempt with the `clonedAuthenticator` detection (a throttled one
 * too), and counts towards the user's risk. The assertion is checked first and the key's
 * counter and last use written only once the sign-in goes on.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { field } from '../http/form.ts';
import { passkeyAmr } from '../mfa/method-registry.ts';
import { authenticationOptions, checkAssertion, recordPasskeyUse } from '../mfa/passkeys/authentication.ts';
import { reportClone } from '../mfa/passkeys/clone.ts';
import { relyingParty } from '../mfa/passkeys/security-info-routes.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { decideAtPasskey } from './decide.ts';
import { claimedOwner } from './passkey-claimed-owner.ts';
import { beginAttempt, finishFirstFactor } from './first-factor.ts';
import { backToCurrentStep, loadPostedForm, type LoadedInteraction } from './interaction.ts';
import { showLogin, type LoginDeps, type LoginPageDeps } from './login-page.ts';

/** The field the login page ties a passkey error to (its button). */
export const PASSKEY_FIELD = 'passkey-sign-in';

const passkeyForm = z.object({ csrf: field(200), assertion: z.string().max(16_384) });

/** Not the MFA step's binding (`interaction:`): an assertion made for one does not pass the other. */
function passwordlessBinding(uid: string): string {
  return `passwordless:${uid}`;
}

/** What the passwordless passkey sign-in uses: the password step's, the relying party's and the clone report's. */
export type PasskeySignInDeps = LoginDeps & Pick<Services, 'brand' | 'logger' | 'settings'>;

/** POST /interaction/:uid/passkey-options: WebAuthn request options as JSON, for the login step only. */
export async function passwordlessOptions(services: Pick<Services, 'brand' | 'clock' | 'csrf' | 'provider' | 'settings'>, ctx: Context): Promise<void> {
  const { interaction } = await loadPostedForm(services.provider, services.csrf, ctx);
  if (interaction.prompt.name !== 'login') {
    ctx.status = 409;
    ctx.body = { error: text('login.passkeyStepOver') };
    return;
  }
  ctx.body = await authenticationOptions({ rp: relyingParty(services), userId: null, boundTo: passwordlessBinding(interaction.uid), now: services.clock.now(), userVerification: 'required' });
}

function passkeyFailed(services: LoginPageDeps, ctx: Context, loaded: LoadedInteraction): void {
  showLogin(services, ctx, loaded, { error: 'login.passkeyFailed', errorField: PASSKEY_FIELD, status: 401 });
}

/** What a refused attempt names as its username when the credential is nobody's (no account to name). */
export const UNKNOWN_PASSKEY_USERNAME = '(unknown passkey)';

/** POST /interaction/:uid/passkey: the browser's assertion, posted as a form. */
export async function submitPasskeySignIn(services: PasskeySignInDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { interaction } = loaded;
  if (interaction.prompt.name !== 'login') {
    backToCurrentStep(ctx, interaction.uid);
    return;
  }
  const form = passkeyForm.safeParse(loaded.body);
  // Checked first, written down only once the sign-in goes on (recordPasskeyUse below).
  const checked = form.success
    ? await checkAssertion({ rp: relyingParty(services), userId: null, boundTo: passwordlessBinding(interaction.uid), response: form.data.assertion, now: services.clock.now(), userVerification: 'required' })
    : { ok: false as const, reason: 'INVALID' as const };
  // A passkey whose account is gone is a passkey nobody has. A refused assertion is recorded
  // against the account its credential names, as a wrong password against the typed username.
  const user = checked.ok || checked.reason === 'CLONED' ? await findUserById(checked.passkey.userId) : await claimedOwner(form.data?.assertion);
  const clone = !checked.ok && checked.reason === 'CLONED' ? checked : undefined;
  const begun = await beginAttempt(services, ctx, loaded, user?.username ?? UNKNOWN_PASSKEY_USERNAME, user?._id.toString());
  if ('retryAfterSeconds' in begun) {
    if (clone) await reportClone(services, clone, user ? begun.eventId : undefined);
    showLogin(services, ctx, loaded, { error: 'login.throttled', errorParams: { seconds: begun.retryAfterSeconds }, errorField: PASSKEY_FIELD, status: 429 });
    return;
  }
  if (!user || (!checked.ok && !clone)) {
    // Counted like a wrong password (the throttle's point is not given back), answered the same for every cause.
    const assessment = await services.risk.assess({ ...begun.attempt, passwordOk: false }, begun.snapshot);
    await services.risk.record(assessment, { outcome: user ? 'failedPasskey' : 'unknownUser', firstStep: 'passkey' });
    if (clone) await reportClone(services, clone, undefined);
    passkeyFailed(services, ctx, loaded);
    return;
  }
  await begun.giveBack?.();
  const assessment = await services.risk.assess({ ...begun.attempt, passwordOk: true }, begun.snapshot);
  if (!checked.ok) {
    const { eventId } = await services.risk.record(assessment, { outcome: 'blocked', decisions: [{ policy: 'signIn', decision: 'blocked:clonedAuthenticator' }], firstStep: 'passkey' });
    if (clone) await reportClone(services, clone, eventId);
    passkeyFailed(services, ctx, loaded);
    return;
  }
  const verdict = decideAtPasskey({ policies: services.policies.current, user, signInRisk: assessment.signInRisk, userRisk: assessment.userRisk });
  // A refused sign-in (a disabled account, an attack) leaves the key's counter and last use as they were.
  const used = verdict.kind === 'refused' ? checked : await recordPasskeyUse(checked, services.clock.now());
  const refused = await finishFirstFactor(services, ctx, loaded, { first: 'passkey', user, assessment, verdict, amr: passkeyAmr(used.passkey.deviceType) });
  if (refused) showLogin(services, ctx, loaded, { error: refused, errorField: PASSKEY_FIELD, status: 403 });
}
