/**
 * A method's part of MFA registration (README.md, "MFA registration"; docs/ARCHITECTURE.md, "An
 * MFA method"): how the registration interrupt offers it, and how it is registered — a page in
 * the combined-registration wizard (src/mfa/registration-wizard.ts: the app, then its recovery
 * codes, then the wizard's own reset e-mail step), or a page of its own in the interrupt (a
 * passkey's ceremony). The interrupt (src/mfa/registration-page.ts) and the wizard only ask these.
 */
import type { Context } from 'koa';
import type { Services } from '../services.ts';
import type { StepRoute } from '../sign-in/interaction-step.ts';
import type { LoadedInteraction } from '../sign-in/interaction.ts';
import type { TextId } from '../text/catalogue.ts';
import type { UserRecord } from '../users/user.ts';
import type { SecondFactorResult } from './code-attempts.ts';
import type { MfaMethodId } from './method-names.ts';
import type { RegistrationFlowRecord, RegistrationState } from './registration-flow-record.ts';
import type { Wizard, WizardPage } from './wizard.ts';

/** How the registration interrupt offers a method: its button's action and words. */
export interface WizardChoice {
  action: string;
  /** The button when it is the first (primary) choice. */
  label: TextId;
  /** The button when another method is offered before it. */
  alternativeLabel: TextId;
}

/**
 * What a posted action on a method's wizard page did: the flow moved on (`next`, written in the
 * state it was given), the page again with an error, or the flow is void (another window
 * registered first) and a new one begins; `ignored`: not one of its page's actions.
 */
export type WizardStepResult =
  | { kind: 'next'; flow: RegistrationFlowRecord }
  | { kind: 'error'; error: TextId }
  | { kind: 'restart' }
  | { kind: 'ignored' };

/**
 * A method's page in the wizard, shown while the flow's state is the method's id (the state names
 * the records have always had: `totp`, `recovery`).
 */
export interface WizardStep {
  /** Writes a new flow in its state with data of its own (the app's: a new secret); without it the wizard writes a bare one. */
  begin?(wizard: Wizard): Promise<RegistrationFlowRecord>;
  show(wizard: Wizard, flow: RegistrationFlowRecord, page: WizardPage, status: number): Promise<void>;
  /** `next`: the state the flow moves to when this page is done (its follow-up's, or the e-mail step). */
  submit(wizard: Wizard, flow: RegistrationFlowRecord, action: string, field: (name: string) => string, next: RegistrationState): Promise<WizardStepResult>;
  /** The method whose page follows in the same flow (the app's recovery codes), before the e-mail step. */
  followedBy?: MfaMethodId;
}

/** What a method's own page in the interrupt uses: its page, the relying party, a code check, the audit and mail. */
export type RegistrationPageDeps = Pick<Services, 'brand' | 'clock' | 'csrf' | 'mailer' | 'renderer' | 'risk' | 'secretBox' | 'settings'>;

/** What the interrupt tells a method's own page about this sign-in. */
export interface RegistrationPageState {
  /** The page offers "Do it later" (posts `skip`): only while the registration prompt is skippable. */
  later: boolean;
  /**
   * When the user has a code method (the app) this sign-in has not proved, its check (as at the
   * MFA step: lockout, single use): the page asks for a code too, or the password alone would add
   * a method that then passes every MFA step. Null when no code is owed.
   */
  codeFirst: ((code: string) => Promise<SecondFactorResult>) | null;
}

/** A method the interrupt registers on a page of its own, outside the wizard's flow (a passkey's ceremony). */
export interface RegistrationPage {
  /** Its routes under /interaction/:uid beside /registration (the passkey's creation options). */
  routes: readonly StepRoute[];
  /** What its page posts as `action` to /interaction/:uid/registration (its choice's action shows it). */
  actions: readonly string[];
  show(services: RegistrationPageDeps, ctx: Context, loaded: LoadedInteraction, state: RegistrationPageState): Promise<void>;
  /** Registered: the `amr` this sign-in gains; null: its page was shown again (with what went wrong). */
  submit(services: RegistrationPageDeps, ctx: Context, loaded: LoadedInteraction & { body: Record<string, unknown> }, user: UserRecord, state: RegistrationPageState): Promise<readonly string[] | null>;
}

/** `choice` null: it comes only with another (recovery codes with the app), never offered on its own. */
export type MfaRegistration =
  | { choice: WizardChoice | null; wizard: WizardStep }
  | { choice: WizardChoice | null; page: RegistrationPage };
