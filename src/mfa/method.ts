/**
 * What an MFA method is (README.md, "Multi-factor authentication"): the one interface every
 * method implements in its own folder (src/mfa/totp/, recovery-codes/, passkeys/), listed once in
 * src/mfa/method-registry.ts. A method says what it yields in `amr` (RFC 8176), how strong it is,
 * whether a user has it, how it is offered and how it shows in security info.
 */
import type Router from '@koa/router';
import type { Interaction } from 'oidc-provider';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { SecurityInfoActions, SecurityInfoKit } from '../security-info/method-kit.ts';
import type { Services } from '../services.ts';
import type { StepRoute } from '../sign-in/interaction-step.ts';
import type { Signed } from '../security-info/signed.ts';
import type { TextId } from '../text/catalogue.ts';
import type { MfaMethodId, MfaStrength } from './method-names.ts';
import type { MfaRegistration } from './method-registration.ts';
import type { ResetForm } from './method-reset-form.ts';
import type { RelyingParty } from './passkeys/relying-party.ts';
import type { SecurityInfoRow } from './security-info-row.ts';
import type { SecondFactorResult } from './code-attempts.ts';

export type { MfaMethodId, MfaStrength } from './method-names.ts';

/** What a method needs on a page that asks for it: a code box, or a WebAuthn ceremony. */
export type MfaForm = 'code' | 'webauthn';

/** What a password reset's check of a method gets: the account, what was typed or posted, the flow's binding. */
export interface ResetCheck {
  userId: string;
  input: string;
  now: Date;
  /** What the reset's challenges are bound to (a ceremony's answer must be to this flow's). */
  boundTo: string;
  secretBox: SecretBox;
  rp: RelyingParty;
}

/** null: it does not match; recovery codes also say how many are left. */
export type ResetCheckResult = { recoveryCodesLeft?: number } | null;

export type { MfaRegistration, RegistrationPage, RegistrationPageDeps, RegistrationPageState, WizardChoice, WizardStep, WizardStepResult } from './method-registration.ts';
export type { ResetCeremonyForm, ResetCeremonyStart, ResetCodeForm, ResetForm } from './method-reset-form.ts';

/** What a ceremony's check at the MFA step gets: the posted answer, and the interaction it must be bound to. */
export interface MfaStepCheck {
  interaction: Interaction;
  accountId: string;
  answer: unknown;
  /** The sign-in event a refused answer (a cloned key) is recorded on. */
  signInId: string | undefined;
}

/** What a code's check gets: the account, the typed code (trimmed), the clock's now, the sealed secrets' box. */
export interface CodeCheckInput {
  userId: string;
  code: string;
  now: Date;
  secretBox: SecretBox;
}

/**
 * A `code`-form method's check of a code typed in the MFA step's code form (and security info's
 * proof, and the passkey step's app code): src/mfa/verify-second-factor.ts gives a code to the
 * first method that `claims` it, else to the one without `claims`, which takes the rest.
 */
export interface CodeCheck {
  /** Whether a code is this method's by its look (as a recovery code's groups of letters). */
  claims?(code: string): boolean;
  /** Failures and lockout through src/mfa/code-attempts.ts; NO_METHOD when the user lacks the method. */
  verify(input: CodeCheckInput): Promise<SecondFactorResult>;
}

/**
 * How removing a registration kept in the authenticators collection goes in security info (its
 * row's *Remove*, posted to /security-info/methods); without one: the confirmation's general
 * words, nothing else removed, no policy rule.
 */
export interface SecurityInfoRemoval {
  /** What the confirmation says stops working. */
  consequence: TextId;
  /** The methods whose registrations go with it (the app's recovery codes, its backup). */
  alsoRemoves: readonly MfaMethodId[];
  /** Refused while the MFA registration policy requires MFA of the user. */
  keptWhileRequired: boolean;
}

/** `amr`: what the sign-in gains after the password; `reason`: the metrics' result label. */
export type MfaStepResult = { ok: true; amr: readonly string[] } | { ok: false; reason: string };

/** What a ceremony's check uses: the relying party, the clock, and where a refused answer is recorded. */
export type MfaCeremonyDeps = Pick<Services, 'brand' | 'clock' | 'logger' | 'risk' | 'settings'>;

/** A `webauthn`-form method at the MFA step: the routes its form fetches, its scripts, its check. */
export interface MfaStepCeremony {
  /** Under /interaction/:uid, as the passkey's request options (POST /interaction/:uid/mfa/passkey-options). */
  routes: readonly StepRoute[];
  /** The route the page's form asks for its options, one of `routes`. */
  optionsPath: string;
  scripts: readonly string[];
  verify(services: MfaCeremonyDeps, check: MfaStepCheck): Promise<MfaStepResult>;
}

export interface MfaMethod {
  id: MfaMethodId;
  label: TextId;
  /** RFC 8176 values a sign-in's `amr` gains when this method proves the second factor. */
  amr: readonly string[];
  strength: MfaStrength;
  /** Counts as the user's MFA on its own (recovery codes only back up an app). */
  standalone: boolean;
  /** Its form at the MFA step (recovery codes share the app's code form). */
  form: MfaForm;
  /** How the registration interrupt offers it and how it is registered (its wizard page, or a page of its own). */
  registration: MfaRegistration;
  has(userId: string): Promise<boolean>;
  /** Whether a sign-in's `amr` says this method proved its second factor. */
  proves(amr: readonly string[]): boolean;
  /** Removes every registration of this method the user has (an admin's `mfa reset`); how many. */
  removeAll(userId: string): Promise<number>;
  /** How the user's registrations of it show in security info (README.md, "Security info"). */
  securityInfoRows(userId: string): Promise<SecurityInfoRow[]>;
  /**
   * The view security info includes, once the user's proof is fresh, to add (or replace) it; it
   * gets the page's data and `has` (whether the user has the method). Null: added with another.
   */
  securityInfoAdd: string | null;
  /** Its own routes in security info beyond *Remove* (as a passkey's add, rename and remove), under /security-info. */
  securityInfoRoutes?(router: Router, kit: SecurityInfoKit): void;
  /** Its buttons posted to /security-info/methods, by action (the app's `register`, recovery codes' `regenerate`). */
  securityInfoActions?: SecurityInfoActions;
  /** How security info removes a registration of it kept in the authenticators collection. */
  securityInfoRemoval?: SecurityInfoRemoval;
  /** The scripts security info loads when it offers this method's forms (adding it, or its proof). */
  securityInfoScripts?: readonly string[];
  /** A `webauthn`-form method's part of the MFA step (a code's check is src/mfa/verify-second-factor.ts). */
  mfaStep?: MfaStepCeremony;
  /** A `code`-form method's check of a typed code. */
  codeCheck?: CodeCheck;
  /**
   * A `webauthn`-form method's "confirm it is you" check in security info: whether the posted
   * answer is a good one for this user, on a challenge this session asked for.
   */
  proof?(services: SecurityInfoKit['services'], signed: Signed, answer: unknown): Promise<boolean>;
  /**
   * Whether the user has a registration of it bound to one device's hardware: an essential `phrh`
   * takes only those (README.md, "Authentication strengths"). Absent: none ever is (a code).
   */
  hasDeviceBound?(userId: string): Promise<boolean>;
  /** Its choice on the password reset's "how to verify" page. */
  resetLabel: TextId;
  /** How the reset's verify page asks for it: its words, and a code box or a ceremony. */
  resetForm: ResetForm;
  /**
   * Its check for a password reset (README.md, "Self-service password reset"): a wrong answer is
   * not counted against the method (the reset has its own limits), a right one is spent as at sign-in.
   */
  resetCheck(check: ResetCheck): Promise<ResetCheckResult>;
}

/** RFC 8176: `mfa` says more than one factor was proved; every method's `amr` ends with it. */
export const MFA_AMR_VALUE = 'mfa';
