/**
 * The MFA registration interrupt (policy step 5): a countdown with `register` and `skip` during
 * the grace period, `register` only after it; then the combined-registration wizard. Finishing
 * the wizard counts as MFA for this sign-in: the user just proved possession of the new app.
 * The methods offered are those the policy's strength accepts: the app or a passkey under `mfa`,
 * a passkey only under `phishingResistant` (src/mfa/passkeys/registration-step.ts).
 */
import type { Context } from 'koa';
import { mfaCompleted } from '../sign-in/mfa-completed.ts';
import { flowOfSession } from '../sign-in/read.ts';
import { stepResult } from '../sign-in/steps.ts';
import { registrationDecision } from '../policy/mfa-registration-decision.ts';
import { amrAfterPassword, mfaMethod } from './method-registry.ts';
import { hasMethodOfStrength, methodsMeeting, wizardChoices } from './strength.ts';
import { addWizardPasskey, showPasskeyStep, type PasskeyStepDeps } from './passkeys/registration-step.ts';
import { currentFlow, pastAppStep } from './registration.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';
import { advanceWizard, startWizard, type Wizard, type WizardDeps } from './registration-wizard.ts';

/** What the registration policy's decision reads. */
type DecisionDeps = Pick<Services, 'clock' | 'policies'>;

/** What the interrupt page uses. */
export type RegistrationInterruptDeps = DecisionDeps & Pick<Services, 'csrf' | 'renderer'>;

/** What the interrupt's form and the wizard behind it use. */
export type MfaRegistrationDeps = RegistrationInterruptDeps & WizardDeps & PasskeyStepDeps & Pick<Services, 'provider'>;

/** Whether the policy accepts an authenticator app (not under phishingResistant). */
function appAccepted(services: Pick<Services, 'policies'>): boolean {
  return methodsMeeting(services.policies.current.mfaRegistration.strength).some((method) => method.id === 'totp');
}

/** The registration decision, counting only methods of the policy's strength. */
async function decisionFor(services: DecisionDeps, user: UserRecord) {
  const policy = services.policies.current.mfaRegistration;
  return registrationDecision(policy, user, await hasMethodOfStrength(user._id.toString(), policy.strength), services.clock.now());
}

async function daysLeft(services: DecisionDeps, user: UserRecord): Promise<number | undefined> {
  const decision = await decisionFor(services, user);
  return decision.kind === 'interrupt' ? decision.daysLeft : undefined;
}

export async function showRegistrationInterrupt(services: RegistrationInterruptDeps, ctx: Context, loaded: LoadedInteraction): Promise<void> {
  const uid = loaded.interaction.uid;
  const user = await findUserById(loaded.interaction.session?.accountId);
  if (!user) throw new Error('registration interrupt without a user');
  services.renderer.page(ctx, 'mfa/registration-interrupt', {
    title: text('registration.title'),
    action: `/interaction/${uid}/registration`,
    csrf: services.csrf.token(uid),
    daysLeft: await daysLeft(services, user),
    phishingResistant: services.policies.current.mfaRegistration.strength === 'phishingResistant',
    // One button per method the policy's strength accepts, the first the primary choice.
    choices: wizardChoices(services.policies.current.mfaRegistration.strength).map((method, i) => ({ action: method.wizard.action, label: text(i === 0 ? method.wizard.label : method.wizard.alternativeLabel) })),
  });
}

async function wizardFor(services: RegistrationInterruptDeps & WizardDeps, ctx: Context, loaded: LoadedInteraction, user: UserRecord): Promise<Wizard> {
  const uid = loaded.interaction.uid;
  const later = await daysLeft(services, user) !== undefined;
  return { services, ctx, user, boundTo: `interaction:${uid}`, action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid), later };
}

export async function submitRegistration(services: MfaRegistrationDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { interaction, body } = loaded;
  const user = await findUserById(interaction.session?.accountId);
  if (!user || interaction.prompt.name !== 'mfa_registration') {
    backToCurrentStep(ctx, interaction.uid);
    return;
  }
  const action = typeof body.action === 'string' ? body.action : '';
  const now = services.clock.now();
  const wizard = await wizardFor(services, ctx, loaded, user);
  // Both the prompt and the wizard's optional e-mail step offer `skip`: once the app is
  // registered the wizard owns it (skipping the e-mail finishes registration), otherwise it
  // skips the prompt for the grace period.
  if (action === 'skip' && !pastAppStep(await currentFlow(user._id.toString(), wizard.boundTo, now))) {
    const decision = await decisionFor(services, user);
    if (decision.kind === 'required') {
      await showRegistrationInterrupt(services, ctx, loaded);
      return;
    }
    // During the grace period, or when nothing is owed any more (an app registered meanwhile).
    await finishStep(ctx, interaction, stepResult({ step: 'registration_skipped', at: now.toISOString() }));
    return;
  }
  if (action === 'back') {
    await showRegistrationInterrupt(services, ctx, loaded);
    return;
  }
  if (action === 'register-passkey' || action === 'add-passkey' || !appAccepted(services)) {
    // Under phishingResistant every other action (the app's wizard) leads to the passkey step.
    if (action === 'add-passkey') await addWizardPasskey(services, ctx, loaded, user, wizard.later ?? false);
    else await showPasskeyStep(services, ctx, loaded, wizard.later ?? false);
    return;
  }
  if (action === 'register') {
    await startWizard(wizard);
    return;
  }
  const outcome = await advanceWizard(wizard, action, body);
  if (!outcome.done) return;
  await mfaCompleted(services, ctx, interaction, user._id.toString(), (await flowOfSession(interaction.session?.uid))?.signInId, amrAfterPassword(mfaMethod('totp').amr));
}
