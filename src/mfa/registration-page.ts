/**
 * The MFA registration interrupt (policy step 5): a countdown with `register` and `skip` during
 * the grace period, `register` only after it; then the combined-registration wizard. Finishing
 * the wizard counts as MFA for this sign-in: the user just proved possession of the new app.
 */
import type { Context } from 'koa';
import { mfaCompleted } from '../sign-in/mfa-completed.ts';
import { flowOfSession } from '../sign-in/read.ts';
import { stepResult } from '../sign-in/steps.ts';
import { registrationDecision } from '../policy/mfa-registration-decision.ts';
import { amrAfterPassword, hasMfaMethod, mfaMethod } from './method-registry.ts';
import { currentFlow, pastAppStep } from './registration.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';
import { advanceWizard, startWizard, type Wizard } from './registration-wizard.ts';

async function daysLeft(services: Services, user: UserRecord): Promise<number | undefined> {
  const decision = registrationDecision(services.policies.current.mfaRegistration, user, await hasMfaMethod(user._id.toString()), services.clock.now());
  return decision.kind === 'interrupt' ? decision.daysLeft : undefined;
}

export async function showRegistrationInterrupt(services: Services, ctx: Context, loaded: LoadedInteraction): Promise<void> {
  const uid = loaded.interaction.uid;
  const user = await findUserById(loaded.interaction.session?.accountId);
  if (!user) throw new Error('registration interrupt without a user');
  services.renderer.page(ctx, 'mfa/registration-interrupt', {
    title: text('registration.title'),
    action: `/interaction/${uid}/registration`,
    csrf: services.csrf.token(uid),
    daysLeft: await daysLeft(services, user),
  });
}

async function wizardFor(services: Services, ctx: Context, loaded: LoadedInteraction, user: UserRecord): Promise<Wizard> {
  const uid = loaded.interaction.uid;
  const later = await daysLeft(services, user) !== undefined;
  return { services, ctx, user, boundTo: `interaction:${uid}`, action: `/interaction/${uid}/registration`, csrf: services.csrf.token(uid), later };
}

export async function submitRegistration(services: Services, ctx: Context): Promise<void> {
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
    const decision = registrationDecision(services.policies.current.mfaRegistration, user, await hasMfaMethod(user._id.toString()), now);
    if (decision.kind === 'required') {
      await showRegistrationInterrupt(services, ctx, loaded);
      return;
    }
    // During the grace period, or when nothing is owed any more (an app registered meanwhile).
    await finishStep(ctx, interaction, stepResult({ step: 'registration_skipped', at: now.toISOString() }));
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
