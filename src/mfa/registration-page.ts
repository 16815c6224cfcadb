/**
 * The MFA registration interrupt (policy step 5): a countdown with `register` and `skip` during
 * the grace period, `register` only after it; then the combined-registration wizard. Finishing
 * the wizard counts as MFA for this sign-in: the user just proved possession of the new app.
 * The methods offered are those the policy's strength accepts (the app or a passkey under `mfa`,
 * a passkey only under `phishingResistant`), each as its registry entry's `registration` says:
 * a page in the wizard (src/mfa/registration-wizard.ts) or a page of its own (a passkey's ceremony,
 * src/mfa/passkeys/registration-step.ts). Registering through either is the sign-in's MFA.
 */
import type { Context } from 'koa';
import { mfaCompleted } from '../sign-in/mfa-completed.ts';
import { flowOfSession } from '../sign-in/read.ts';
import { stepResult } from '../sign-in/steps.ts';
import { registrationDecision } from '../policy/mfa-registration-decision.ts';
import { amrAfterPassword, didMfa, METHODS, mfaMethod, type MfaMethod } from './method-registry.ts';
import type { RegistrationPage, RegistrationPageDeps, RegistrationPageState } from './method-registration.ts';
import { verifySecondFactor } from './verify-second-factor.ts';
import { registeredMethodOf, type RegistrationFlowRecord } from './registration-flow-record.ts';
import { hasMethodOfStrength, wizardChoices } from './strength.ts';
import { currentFlow } from './registration.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';
import { advanceWizard, registeredIn, startWizard, type Wizard, type WizardDeps } from './registration-wizard.ts';

/** What the registration policy's decision reads. */
type DecisionDeps = Pick<Services, 'clock' | 'policies'>;

/** What the interrupt page uses. */
export type RegistrationInterruptDeps = DecisionDeps & Pick<Services, 'csrf' | 'renderer'>;

/** What the interrupt's form and the wizard behind it use. */
export type MfaRegistrationDeps = RegistrationInterruptDeps & WizardDeps & RegistrationPageDeps & Pick<Services, 'provider'>;

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
    choices: wizardChoices(services.policies.current.mfaRegistration.strength).map(({ registration: { choice } }, i) => ({ action: choice.action, label: text(i === 0 ? choice.label : choice.alternativeLabel) })),
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
  if (action === 'skip' && !registeredIn(await currentFlow(user._id.toString(), wizard.boundTo, now))) {
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
  const offered = wizardChoices(services.policies.current.mfaRegistration.strength);
  const target = await targetOf(offered, action, () => currentFlow(user._id.toString(), wizard.boundTo, now));
  if (!target) {
    // A method the policy's strength does not accept (the app's wizard under phishingResistant)
    // leads to the first one it does.
    const first = offered[0];
    if (first) await begin(services, ctx, loaded, wizard, first);
    else await showRegistrationInterrupt(services, ctx, loaded);
    return;
  }
  if (target.kind === 'begin') {
    await begin(services, ctx, loaded, wizard, target.method);
    return;
  }
  if (target.kind === 'page') {
    const amr = await target.page.submit(services, ctx, loaded, user, await pageState(services, loaded, user, wizard));
    if (amr) await completed(services, ctx, loaded, user, amr);
    return;
  }
  const outcome = await advanceWizard(wizard, action, body, target.flow);
  if (outcome.done) await completed(services, ctx, loaded, user, mfaMethod(registeredMethodOf(outcome.flow)).amr);
}

type Target = { kind: 'begin'; method: MfaMethod } | { kind: 'page'; page: RegistrationPage } | { kind: 'wizard'; flow: RegistrationFlowRecord };

/**
 * What a posted action is for, among the offered methods: a choice's button begins its method;
 * an action of a method's own page goes to that page; any other action goes to the live wizard
 * flow when its method is offered. Undefined: none of the offered methods (a new choice is due).
 */
async function targetOf(offered: readonly MfaMethod[], action: string, liveFlow: () => Promise<RegistrationFlowRecord | null>): Promise<Target | undefined> {
  const chosen = offered.find((method) => method.registration.choice?.action === action);
  if (chosen) return { kind: 'begin', method: chosen };
  for (const method of offered) {
    if ('page' in method.registration && method.registration.page.actions.includes(action)) return { kind: 'page', page: method.registration.page };
  }
  const flow = await liveFlow();
  return flow && offered.some((method) => method.id === registeredMethodOf(flow)) ? { kind: 'wizard', flow } : undefined;
}

/** Begins a method's registration: a new wizard flow on its page, or its own page. */
async function begin(services: MfaRegistrationDeps, ctx: Context, loaded: LoadedInteraction, wizard: Wizard, method: MfaMethod): Promise<void> {
  if ('page' in method.registration) await method.registration.page.show(services, ctx, loaded, await pageState(services, loaded, wizard.user, wizard));
  else await startWizard(wizard, method);
}

/** Whether the user has a code method (the app) that counts on its own. */
async function hasCodeMethod(userId: string): Promise<boolean> {
  const answers = await Promise.all(METHODS.filter((method) => method.standalone && method.form === 'code').map((method) => method.has(userId)));
  return answers.includes(true);
}

/** What a method's own page is told: "Do it later", and the code owed first when this sign-in did no MFA yet. */
async function pageState(services: Pick<Services, 'clock' | 'secretBox'>, loaded: LoadedInteraction, user: UserRecord, wizard: Wizard): Promise<RegistrationPageState> {
  const userId = user._id.toString();
  const owed = !didMfa(loaded.interaction.session?.amr) && await hasCodeMethod(userId);
  return {
    later: wizard.later ?? false,
    codeFirst: owed ? (code) => verifySecondFactor({ userId, code, now: services.clock.now(), secretBox: services.secretBox }) : null,
  };
}

/** Registering counts as this sign-in's MFA: the user just proved the new method. */
async function completed(services: MfaRegistrationDeps, ctx: Context, loaded: LoadedInteraction, user: UserRecord, amr: readonly string[]): Promise<void> {
  const { interaction } = loaded;
  await mfaCompleted(services, ctx, interaction, user._id.toString(), (await flowOfSession(interaction.session?.uid))?.signInId, amrAfterPassword(amr));
}
