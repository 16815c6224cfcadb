/**
 * The sign-in decision (README.md, "How a sign-in is decided"), made once per fact:
 *
 *   1. disabled              decided at the password (and a session whose account is disabled
 *                            since must sign in again: the login check);
 *   2. user risk             the user's state, not the attempt's: read live on every request,
 *                            because MFA, a password change or an admin changes it mid-session;
 *   3. sign-in risk          the attempt's: decided at the password, kept in the flow, read back;
 *   4. the client's acr      demand (essential acr claim), preference (acr_values) and `max_age`:
 *                            the authorization request's, read from it by the checks;
 *   5. registration          the registration policy, the user's methods and the grace period;
 *   6. consent               oidc-provider's own prompt.
 *
 * The password step decides 1-3 (`decideAtPassword`; a passwordless passkey: `decideAtPasskey`),
 * records them with the sign-in event and
 * keeps them in the flow. Every authorization request then decides what is still owed once
 * (`decideOwed`, from the flow, the user and the request: src/sign-in/request.ts); each
 * interaction check only reads its reason from that decision. What a decision has to write (a
 * report-only event, the start of the registration grace period) it returns as effects, which
 * src/sign-in/effects.ts writes after the request.
 */
import { PASSWORD_ACR } from '../oidc/acr.ts';
import { strengthOfAcr } from '../oidc/acr-choice.ts';
import { meetsStrength, strongerOf, type MfaStrength } from '../mfa/strength.ts';
import type { UserRecord } from '../users/user.ts';
import { registrationDecision, registrationPolicyCovers } from '../policy/mfa-registration-decision.ts';
import { decideSignIn, owedOnlyForAttack, type PolicyDecision } from '../policy/sign-in-decision.ts';
import { riskPolicyCovers, riskPolicyDecision, type RiskDecision } from '../policy/risk-policy-decision.ts';
import type { PolicySubject } from '../policy/applies-to.ts';
import type { Policies } from '../policy/schema.ts';
import type { Finding } from '../risk/detection-types.ts';
import type { RiskLevel } from '../risk/level.ts';
import { attackKind, riskWithoutAttack, type AttackKind } from '../risk/under-attack.ts';
import type { PasswordDecision, SignInFlowRecord } from './flow.ts';

/** Whom the password decides for: what the policies and step 1 read of the user. */
export type PasswordUser = PolicySubject & Pick<UserRecord, 'disabled'>;

export interface PasswordFacts {
  policies: Policies;
  user: PasswordUser;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  detections: readonly Finding[];
  /** Read only when an attack makes it matter. */
  hasMfa(): Promise<boolean>;
}

export type PasswordVerdict =
  | { kind: 'refused'; reason: 'disabled' | AttackKind; records: PolicyDecision[] }
  | { kind: 'signedIn'; decision: PasswordDecision };

/**
 * Steps 1-3 at the password. A new device that owes MFA only because of an attack, for a user
 * with no MFA to prove it is them, is refused with the reason (the login page explains it).
 */
export async function decideAtPassword(facts: PasswordFacts): Promise<PasswordVerdict> {
  if (facts.user.disabled) return DISABLED;
  const input = { policies: facts.policies, user: facts.user, disabled: false, passwordOk: true, signInRisk: facts.signInRisk, userRisk: facts.userRisk };
  const decided = decideSignIn(input);
  const attack = attackKind(facts.detections);
  if (attack && owedOnlyForAttack(input, riskWithoutAttack(facts.detections)) && !await facts.hasMfa()) {
    return { kind: 'refused', reason: attack, records: [...decided.records, { policy: 'signIn', decision: `blocked:${attack}UnderAttack` }] };
  }
  return signedIn(decided);
}

const DISABLED: PasswordVerdict = { kind: 'refused', reason: 'disabled', records: [{ policy: 'signIn', decision: 'blocked:disabled' }] };

function signedIn(decided: ReturnType<typeof decideSignIn>): PasswordVerdict {
  return { kind: 'signedIn', decision: { outcome: decided.decision === 'block' ? 'allow' : decided.decision, records: decided.records } };
}

/**
 * Steps 1-3 at a passkey (a passwordless sign-in), in the same order and with the same records as
 * at the password. The passkey is itself the MFA that sign-in risk asks for (the caller remediates
 * the sign-in as the MFA step would), so an attack never refuses it; user risk still owes its
 * secure password change, which the checks ask for after MFA.
 */
export function decideAtPasskey(facts: Omit<PasswordFacts, 'hasMfa' | 'detections'>): PasswordVerdict {
  if (facts.user.disabled) return DISABLED;
  return signedIn(decideSignIn({ policies: facts.policies, user: facts.user, disabled: false, passwordOk: true, signInRisk: facts.signInRisk, userRisk: facts.userRisk }));
}

export type ReplayedDecision = 'allow' | 'mfa' | 'mfa+passwordChange' | 'block';

/**
 * A recorded sign-in replayed (`risk replay`), decided as a live one is at the password, so the
 * two cannot disagree: a wrong password, a disabled user or an attack refusal blocks; otherwise
 * what the password owes. Of the facts decideOwed adds later, none is in the log: it names no app
 * (no acr request) and replay takes its users to have MFA (it completes the MFA a decision owes),
 * so registration is never due and an attack steps up rather than refuses.
 */
export async function decideReplayed(facts: Omit<PasswordFacts, 'hasMfa' | 'user'> & { username: string; passwordOk: boolean }): Promise<ReplayedDecision> {
  if (!facts.passwordOk) return 'block';
  const verdict = await decideAtPassword({ ...facts, user: { username: facts.username, groups: [], disabled: false }, hasMfa: async () => true });
  return verdict.kind === 'refused' ? 'block' : verdict.decision.outcome;
}

/** The recorded outcome of a password the flow continues from. */
export function outcomeOf(decision: PasswordDecision): 'success' | 'mfaRequired' {
  return decision.outcome === 'allow' ? 'success' : 'mfaRequired';
}

/** Step 3, as the password decided it (a flow from before decisions were kept: decided from its risk). */
export function signInRiskDecision(flow: SignInFlowRecord, policies: Policies, user: UserRecord): RiskDecision {
  if (!flow.decision) return riskPolicyDecision(policies.signInRisk, user, flow.signInRisk);
  const record = flow.decision.records.find((entry) => entry.policy === 'signInRisk');
  if (!record) return 'none';
  return record.decision.startsWith('reportOnly:') ? 'reportOnly' : 'enforce';
}

/** Step 2, on the user's current risk (read only for a user the policy covers). */
export async function userRiskDecision(policies: Policies, user: UserRecord, level: () => Promise<RiskLevel>): Promise<RiskDecision> {
  const policy = policies.userRisk;
  if (!riskPolicyCovers(policy, user)) return 'none';
  return riskPolicyDecision(policy, user, await level());
}

/** What an authorization request brings to the decision; the two reads are made only when needed. */
export interface RequestFacts {
  policies: Policies;
  user: UserRecord;
  flow: SignInFlowRecord | null;
  /** The session did MFA (its `amr`). */
  sessionHasMfa: boolean;
  /** How strong the session's MFA was (its `amr`: src/mfa/strength.ts); left out, `mfa` when it did MFA. */
  sessionStrength?: MfaStrength | null;
  /** What the essential acr claim demands; left out, `mfa` when `essentialMfa`. */
  essentialStrength?: MfaStrength;
  /** The essential acr claim asks for a device-bound key (`phrh`) and the session did not use one. */
  deviceBoundOwed?: boolean;
  /** The request may show a page (not `prompt=none`). */
  interactive: boolean;
  /** The essential acr claim names the MFA acr (a demand). */
  essentialMfa: boolean;
  /** `acr_values`, a voluntary preference, best first. */
  acrValues: string | undefined;
  now: Date;
  userRisk(): Promise<RiskLevel>;
  /** Whether the user has a method of at least this strength (left out: any). */
  hasMfa(strength?: MfaStrength): Promise<boolean>;
}

/** Vigil's prompts after login, in decision order (each reason is one check of its step, src/sign-in/steps-registry.ts). */
export const OWED_PROMPTS = {
  mfa: ['user_risk', 'sign_in_risk', 'mfa_requested_by_client'],
  password_change: ['user_risk_password_change', 'admin_required_password_change'],
  mfa_registration: ['mfa_registration_due'],
} as const;

export type OwedPrompt = keyof typeof OWED_PROMPTS;
export type OwedReason = (typeof OWED_PROMPTS)[OwedPrompt][number];

export interface ReportOnlyEffect { policy: string; userId: string; wouldHave: string }

export interface Owed {
  /** Whose sign-in, and when it was decided. */
  userId: string;
  at: Date;
  /** The first prompt still owed (oidc-provider shows it), with every reason for it. */
  prompt?: OwedPrompt;
  reasons: OwedReason[];
  /** For the mfa prompt: the strongest strength its reasons demand (the MFA page offers only methods meeting it). */
  strength?: MfaStrength;
  /** For the mfa prompt: only a device-bound key will do (an essential `phrh`). */
  deviceBound?: boolean;
  /** Effects to write: what report-only policies would have done, the registration grace period's start. */
  reportOnly: ReportOnlyEffect[];
  startRegistrationGrace: boolean;
  /** The first decision of the flow's sign-in, to record with its event (once per sign-in, by effects.ts). */
  record?: OwedRecord;
}

/**
 * What the first owed decision adds to the password's on the recorded sign-in event: MFA the
 * app demands or prefers (`client`), or a registration the user owes (`mfaRegistration`). Such a
 * sign-in is recorded as `mfaRequired`, not as the `success` the password alone decided.
 */
export interface OwedRecord {
  flowId: string;
  signInId: string;
  added: PolicyDecision[];
}

function recordOf(facts: RequestFacts, owed: Owed): Owed {
  const flow = facts.flow;
  if (!flow?.signInId || flow.decisionRecordedFor === flow.signInId) return owed;
  const added: PolicyDecision[] = [];
  if (owed.prompt === 'mfa' && owed.reasons.includes('mfa_requested_by_client')) added.push({ policy: 'client', decision: 'mfa' });
  if (owed.prompt === 'mfa_registration') added.push({ policy: 'mfaRegistration', decision: 'register' });
  return { ...owed, record: { flowId: flow._id, signInId: flow.signInId, added } };
}

function sessionStrength(facts: RequestFacts): MfaStrength | null {
  return facts.sessionStrength !== undefined ? facts.sessionStrength : (facts.sessionHasMfa ? 'mfa' : null);
}

/** The session's MFA meets the demanded strength. */
function sessionMeets(facts: RequestFacts, demanded: MfaStrength): boolean {
  return meetsStrength(sessionStrength(facts), demanded);
}

/**
 * Step 4's preference, walked in order (OIDC Core 5.5.1.1): the first class this user can meet
 * wins. The MFA acr (or a phishing-resistant one) is met when the session did MFA of its
 * strength, or asked for when the user has a method of that strength and the request may show a
 * page; the password class is always met. It never refuses a sign-in. Returns the strength asked
 * for, if any.
 */
async function preferenceAsksFor(facts: RequestFacts): Promise<MfaStrength | undefined> {
  if (typeof facts.acrValues !== 'string') return undefined;
  for (const acr of facts.acrValues.split(' ')) {
    if (acr === PASSWORD_ACR) return undefined;
    const strength = strengthOfAcr(acr);
    if (!strength) continue;
    if (sessionMeets(facts, strength)) return undefined;
    if (facts.interactive && await facts.hasMfa(strength)) return strength;
  }
  return undefined;
}

function essentialDemand(facts: RequestFacts): MfaStrength | undefined {
  return facts.essentialStrength ?? (facts.essentialMfa ? 'mfa' : undefined);
}

/** Records a reason's demanded strength on the decision and returns the reason. */
function demand(owed: Owed, reason: OwedReason, strength: MfaStrength): OwedReason {
  owed.strength = strongerOf(owed.strength, strength);
  return reason;
}

type Group = Array<Promise<OwedReason | undefined>>;

/** Steps 2-4 (the mfa prompt): every reason is weighed, as oidc-provider runs a prompt's checks. */
function mfaGroup(facts: RequestFacts, owed: Owed): Group {
  const userId = facts.user._id.toString();
  const userRisk = async (): Promise<OwedReason | undefined> => {
    const strength = facts.policies.userRisk.strength;
    if (sessionMeets(facts, strength)) return undefined;
    const decision = await userRiskDecision(facts.policies, facts.user, facts.userRisk);
    if (decision === 'reportOnly') owed.reportOnly.push({ policy: 'userRisk', userId, wouldHave: 'mfa+passwordChange' });
    return decision === 'enforce' ? demand(owed, 'user_risk', strength) : undefined;
  };
  const signInRisk = async (): Promise<OwedReason | undefined> => {
    const strength = facts.policies.signInRisk.strength;
    // Remediated by MFA in this flow: by a method of the demanded strength, which the session's `amr` says.
    if (!facts.flow || sessionMeets(facts, strength) || (facts.flow.signInRiskRemediated && strength === 'mfa')) return undefined;
    const decision = signInRiskDecision(facts.flow, facts.policies, facts.user);
    if (decision === 'reportOnly') owed.reportOnly.push({ policy: 'signInRisk', userId, wouldHave: 'mfa' });
    return decision === 'enforce' ? demand(owed, 'sign_in_risk', strength) : undefined;
  };
  const client = async (): Promise<OwedReason | undefined> => {
    const essential = essentialDemand(facts);
    // An essential `phrh` unmet by the session's key is owed even when its strength is met: never completed with `phr`.
    if (essential && facts.deviceBoundOwed) owed.deviceBound = true;
    const asked = essential && (!sessionMeets(facts, essential) || facts.deviceBoundOwed) ? essential : await preferenceAsksFor(facts);
    return asked ? demand(owed, 'mfa_requested_by_client', asked) : undefined;
  };
  return [userRisk(), signInRisk(), client()];
}

/** Step 2's secure password change (after MFA), and an administrator's demand. */
function passwordChangeGroup(facts: RequestFacts): Group {
  const userRisk = async (): Promise<OwedReason | undefined> => {
    if (!sessionMeets(facts, facts.policies.userRisk.strength)) return undefined;
    return await userRiskDecision(facts.policies, facts.user, facts.userRisk) === 'enforce' ? 'user_risk_password_change' : undefined;
  };
  return [userRisk(), Promise.resolve(facts.user.mustChangePassword ? 'admin_required_password_change' : undefined)];
}

/**
 * Step 5: the registration policy applies and the user has no method. During the grace period
 * the interrupt can be skipped (once per session, and `prompt=none` never fails for it); after
 * it, registration is required. The grace period starts at the first interactive sign-in under
 * the policy.
 */
function registrationGroup(facts: RequestFacts, owed: Owed): Group {
  const due = async (): Promise<OwedReason | undefined> => {
    const policy = facts.policies.mfaRegistration;
    // Whether the user has a method is only read when the policy covers them.
    if (!registrationPolicyCovers(policy, facts.user)) return undefined;
    // A method counts when it meets the policy's strength: under phishingResistant, an app alone is not enough.
    const decision = registrationDecision(policy, facts.user, await facts.hasMfa(policy.strength), facts.now);
    if (decision.kind === 'none') return undefined;
    if (!facts.user.mfaRegistrationStartedAt && facts.interactive) owed.startRegistrationGrace = true;
    if (decision.kind === 'reportOnly') {
      owed.reportOnly.push({ policy: 'mfaRegistration', userId: facts.user._id.toString(), wouldHave: decision.wouldRequire ? 'requireRegistration' : 'offerRegistration' });
      return undefined;
    }
    if (decision.kind === 'required') return 'mfa_registration_due';
    return facts.flow?.registrationSkippedAt || !facts.interactive ? undefined : 'mfa_registration_due';
  };
  return [due()];
}

/** What a signed-in session still owes on this request, in decision order, up to the first prompt owed. */
export async function decideOwed(facts: RequestFacts): Promise<Owed> {
  const owed: Owed = { userId: facts.user._id.toString(), at: facts.now, reasons: [], reportOnly: [], startRegistrationGrace: false };
  const groups: Array<[OwedPrompt, () => Group]> = [
    ['mfa', () => mfaGroup(facts, owed)],
    ['password_change', () => passwordChangeGroup(facts)],
    ['mfa_registration', () => registrationGroup(facts, owed)],
  ];
  for (const [prompt, group] of groups) {
    const reasons = (await Promise.all(group())).filter((reason): reason is OwedReason => reason !== undefined);
    if (reasons.length) return recordOf(facts, { ...owed, prompt, reasons });
  }
  return recordOf(facts, owed);
}
