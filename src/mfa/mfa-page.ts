/**
 * The MFA step of a sign-in: a code (a `code`-form method's `codeCheck`, as the app's or a recovery
 * code), or a WebAuthn ceremony (a method's `mfaStep` in the registry, as passkeys/). Explains why
 * it is asked (risk, or the app asked for it); a user with no method is blocked with a page telling
 * them to contact their admin. Success upgrades the session to the MFA acr and the method's `amr`
 * (`[pwd, otp, mfa]` for a code, `[pwd, hwk, user, mfa]` for a device-bound passkey).
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { recoveryCodeUsed } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { amrAfterPassword, METHODS, type MfaMethod } from './method-registry.ts';
import type { MfaCeremonyDeps } from './method.ts';
import { codesMeet, methodsOfStrength } from './strength.ts';
import { demandedStrength, deviceBoundDemanded } from './mfa-demand.ts';
import { secondFactorError } from './second-factor-error.ts';
import { verifySecondFactor, type CheckedCode } from './verify-second-factor.ts';
import type { MfaMethodLabel } from '../metrics/metrics.ts';
import { field } from '../http/form.ts';
import { mfaCompleted } from '../sign-in/mfa-completed.ts';
import { flowOfSession } from '../sign-in/read.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { lockedAnswer } from './lockout.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';

const mfaForm = z.object({ csrf: field(200), action: z.enum(['verify', 'deny', 'passkey']).optional(), code: field(64).optional(), recovery: field(64).optional(), assertion: z.string().max(16_384).optional() });

type MfaReason = 'user_risk' | 'sign_in_risk' | 'client';

function reasonOf(loaded: LoadedInteraction): MfaReason {
  const reasons = loaded.interaction.prompt.reasons;
  if (reasons.includes('user_risk')) return 'user_risk';
  if (reasons.includes('sign_in_risk')) return 'sign_in_risk';
  return 'client';
}

function reasonFor(loaded: LoadedInteraction): string {
  const reason = reasonOf(loaded);
  if (reason === 'user_risk') return text('mfa.reason.userRisk');
  if (reason === 'sign_in_risk') return text('mfa.reason.signInRisk');
  return text('mfa.reason.client', { client: loaded.clientName });
}

/**
 * The metrics' labels for a checked code: the method that checked it (a failure in the recovery
 * code box is the recovery codes'), and how it went (RECOVERY_INVALID counts as `invalid`).
 */
function resultLabels(result: CheckedCode, recoveryBox: boolean): [MfaMethodLabel, string] | undefined {
  if (result.ok) return [result.method.id, 'success'];
  if (recoveryBox) return ['recovery', result.reason.replace(/^RECOVERY_/, '').toLowerCase()];
  return result.method ? [result.method.id, result.reason.replace(/^RECOVERY_/, '').toLowerCase()] : undefined;
}

/**
 * The methods the user has that meet this step's demand, in registry order (`strong`), and those
 * the page offers (`offered`): under an essential `phrh` only methods with a device-bound
 * registration (the method's `hasDeviceBound`), so a user with synced passkeys alone is offered none.
 */
async function methodsFor(loaded: LoadedInteraction, accountId: string): Promise<{ strong: MfaMethod[]; offered: MfaMethod[] }> {
  const details = loaded.interaction.prompt.details;
  const strong = await methodsOfStrength(accountId, demandedStrength(details));
  if (!deviceBoundDemanded(details)) return { strong, offered: strong };
  const bound = await Promise.all(strong.map((method) => method.hasDeviceBound?.(accountId) ?? false));
  return { strong, offered: strong.filter((_, i) => bound[i]) };
}

/** Which box the error belongs to: the app's code box, or the recovery code box. */
export type MfaErrorField = 'code' | 'recovery-code' | 'use-passkey';

/** What the MFA page uses to show itself. */
export type MfaPageDeps = Pick<Services, 'csrf' | 'metrics' | 'renderer'>;

/** What the MFA step's form uses: the page, the code check and a method's ceremony, the mail and the sign-in's end. */
export type MfaDeps = MfaPageDeps & MfaCeremonyDeps & Pick<Services, 'brand' | 'clock' | 'mailer' | 'provider' | 'risk' | 'secretBox'>;

export async function showMfa(services: MfaPageDeps, ctx: Context, loaded: LoadedInteraction, error?: { id: TextId; params?: Record<string, string | number>; field?: MfaErrorField }, status = 200): Promise<void> {
  const uid = loaded.interaction.uid;
  const accountId = loaded.interaction.session?.accountId ?? '';
  const common = { action: `/interaction/${uid}/mfa`, csrf: services.csrf.token(uid) };
  // The forms of the methods the user has that meet the demand (the registry says which form each needs).
  const { strong, offered } = await methodsFor(loaded, accountId);
  const deviceBound = deviceBoundDemanded(loaded.interaction.prompt.details);
  const codeForm = offered.some((method) => method.form === 'code');
  const ceremony = offered.find((method) => method.form === 'webauthn' && method.mfaStep)?.mfaStep;
  const webauthnForm = ceremony !== undefined;
  if (offered.length === 0) {
    // Phishing-resistant MFA demanded, and the user has no such method: say how to get one.
    const strength = demandedStrength(loaded.interaction.prompt.details) === 'phishingResistant';
    services.renderer.page(ctx, strength ? 'mfa/mfa-strength' : 'mfa/mfa-blocked', { ...common, title: text(strength ? 'mfa.strength.title' : 'mfa.blocked.title'), deviceBound: deviceBound && strong.length > 0 }, 403);
    return;
  }
  if (!error) services.metrics.mfaChallenge(reasonOf(loaded));
  services.renderer.page(ctx, 'mfa/mfa', {
    ...common, title: text('mfa.title'), reason: reasonFor(loaded), error: error ? text(error.id, error.params) : undefined,
    errorField: error?.field ?? (codeForm ? 'code' : 'use-passkey'), codeForm, webauthnForm,
    passkeyOptions: ceremony ? `/interaction/${uid}${ceremony.optionsPath}` : undefined, scripts: ceremony ? [...ceremony.scripts] : [],
  }, status);
}

export async function submitMfa(services: MfaDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { interaction, body } = loaded;
  const form = mfaForm.safeParse(body);
  const accountId = interaction.session?.accountId;
  if (interaction.prompt.name !== 'mfa' || !accountId) {
    backToCurrentStep(ctx, interaction.uid);
    return;
  }
  // views/assets/passkeys.js submits the form itself, without its button: the assertion says it.
  if (!form.success || (form.data.action === undefined && form.data.assertion === undefined)) {
    await showMfa(services, ctx, loaded, { id: 'mfa.invalid' }, 400);
    return;
  }
  if (form.data.action === 'deny') {
    await finishStep(ctx, interaction, { error: 'access_denied', error_description: 'End-User did not complete multi-factor authentication' });
    return;
  }
  if (form.data.action === 'passkey' || form.data.assertion !== undefined) {
    await submitCeremony(services, ctx, loaded, accountId, form.data.assertion);
    return;
  }
  const recoveryBox = form.data.recovery !== undefined;
  if (!codesMeet(demandedStrength(interaction.prompt.details))) {
    // Not even checked (nor spent): this step needs a phishing-resistant method.
    await showMfa(services, ctx, loaded, { id: 'mfa.strength.codeRefused', field: 'use-passkey' }, 403);
    return;
  }
  const now = services.clock.now();
  const result = await verifySecondFactor({ userId: accountId, code: (recoveryBox ? form.data.recovery : form.data.code) ?? '', now, secretBox: services.secretBox });
  const labels = resultLabels(result, recoveryBox);
  if (labels) services.metrics.mfaResult(...labels);
  const signInId = (await flowOfSession(interaction.session?.uid))?.signInId;
  if (!result.ok) {
    if (signInId && result.reason !== 'NO_METHOD') await services.risk.recordStep(signInId, 'mfa', 'failure');
    if (result.reason === 'NO_METHOD') {
      await showMfa(services, ctx, loaded);
      return;
    }
    const error = { ...secondFactorError(result), field: recoveryBox ? 'recovery-code' as const : 'code' as const };
    const locked = result.reason === 'LOCKED' ? lockedAnswer(result.retryAfterSeconds) : undefined;
    if (locked?.retryAfter) ctx.set('Retry-After', locked.retryAfter);
    await showMfa(services, ctx, loaded, error, locked?.status ?? 401);
    return;
  }
  if (result.recoveryCodesLeft !== undefined) {
    const user = await findUserById(accountId);
    if (user) await notifyUser(services.mailer, user, recoveryCodeUsed({ brand: services.brand, when: now, remaining: result.recoveryCodesLeft }));
  }
  await mfaCompleted(services, ctx, interaction, accountId, signInId, amrAfterPassword(result.method.amr));
}

/**
 * The method whose ceremony the page's WebAuthn form ran: the first offered to the user, as the
 * page chose it. With one WebAuthn method in the registry (the passkey) it needs no look-up.
 */
async function ceremonyMethod(loaded: LoadedInteraction, accountId: string): Promise<MfaMethod | undefined> {
  const ceremonies = METHODS.filter((method) => method.form === 'webauthn' && method.mfaStep);
  if (ceremonies.length <= 1) return ceremonies[0];
  return (await methodsFor(loaded, accountId)).offered.find((method) => method.form === 'webauthn' && method.mfaStep);
}

async function submitCeremony(services: MfaDeps, ctx: Context, loaded: LoadedInteraction, accountId: string, answer: string | undefined): Promise<void> {
  const { interaction } = loaded;
  const method = await ceremonyMethod(loaded, accountId);
  if (!method?.mfaStep) {
    await showMfa(services, ctx, loaded, { id: 'mfa.invalid' }, 400);
    return;
  }
  const signInId = (await flowOfSession(interaction.session?.uid))?.signInId;
  const result = await method.mfaStep.verify(services, { interaction, accountId, answer, signInId });
  services.metrics.mfaResult(method.id, result.ok ? 'success' : result.reason);
  if (!result.ok) {
    if (signInId) await services.risk.recordStep(signInId, 'mfa', 'failure');
    await showMfa(services, ctx, loaded, { id: 'mfa.passkeyFailed', field: 'use-passkey' }, 401);
    return;
  }
  await mfaCompleted(services, ctx, interaction, accountId, signInId, amrAfterPassword(result.amr));
}
