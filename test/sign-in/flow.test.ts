/**
 * One sign-in, decided once (README.md, "How a sign-in is decided"; docs/ARCHITECTURE.md): each
 * decision driven through the flow object, at the unit level (decideAtPassword, decideOwed, with
 * the ManualClock) and over HTTP (the flow the password step starts, read by the checks and
 * advanced by the steps).
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ManualClock } from '../../src/clock.ts';
import type { UserRecord } from '../../src/users/user.ts';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { POLICIES_OFF, policiesSchema } from '../../src/policy/schema.ts';
import type { RiskLevel } from '../../src/risk/level.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import type { CheckDeps } from '../../src/sign-in/check-deps.ts';
import { vigilPrompts } from '../../src/oidc/prompts.ts';
import { decideAtPassword, decideOwed, decideReplayed, OWED_PROMPTS, type RequestFacts } from '../../src/sign-in/decide.ts';
import { SignInFlow, type SignInFlowRecord } from '../../src/sign-in/flow.ts';
import { startTestApp, THIRD_PARTY_CLIENT, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const POLICY_FIELDS = {
  ...POLICIES_OFF,
  mfaRegistration: { state: 'enabled', include: { groups: ['newcomers'] }, gracePeriodDays: 14 },
  signInRisk: { state: 'enabled', level: 'medium' },
  userRisk: { state: 'enabled', level: 'high' },
};

describe('the decision, at the unit level', () => {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const policies = policiesSchema.parse(POLICY_FIELDS);
  const user = (fields: Partial<UserRecord> = {}): UserRecord => ({ _id: new Types.ObjectId(), username: 'ada', groups: [], disabled: false, ...fields }) as unknown as UserRecord;
  const flow = (fields: Partial<SignInFlowRecord> = {}): SignInFlowRecord => ({
    _id: 'session-uid', accountId: 'ada', signInRisk: 'none', signInRiskRemediated: false, createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + DAY), ...fields,
  });
  /** The request's facts, counting the two reads the decision may make. */
  const facts = (over: Partial<RequestFacts> & { risk?: RiskLevel; methods?: boolean } = {}) => {
    const reads = { userRisk: 0, hasMfa: 0 };
    const { risk = 'none', methods = true, ...rest } = over;
    const value: RequestFacts = {
      policies, user: user(), flow: flow(), sessionHasMfa: false, interactive: true, essentialMfa: false, acrValues: undefined, now: clock.now(),
      userRisk: async () => { reads.userRisk += 1; return risk; },
      hasMfa: async () => { reads.hasMfa += 1; return methods; },
      ...rest,
    };
    return { value, reads };
  };
  const atPassword = (fields: { user?: UserRecord; signInRisk?: RiskLevel; userRisk?: RiskLevel }) => decideAtPassword({
    policies, user: fields.user ?? user(), signInRisk: fields.signInRisk ?? 'none', userRisk: fields.userRisk ?? 'none', detections: [], hasMfa: async () => true,
  });

  it('1. a disabled account is refused at the password', async () => {
    expect(await atPassword({ user: user({ disabled: true }) })).toEqual({ kind: 'refused', reason: 'disabled', records: [{ policy: 'signIn', decision: 'blocked:disabled' }] });
  });

  it('2. user risk: MFA, then (after MFA) the secure password change, then nothing once remediated', async () => {
    const verdict = await atPassword({ userRisk: 'high' });
    expect(verdict).toEqual({ kind: 'signedIn', decision: { outcome: 'mfa+passwordChange', records: [{ policy: 'userRisk', decision: 'mfa+passwordChange' }] } });
    expect((await decideOwed(facts({ risk: 'high' }).value))).toMatchObject({ prompt: 'mfa', reasons: ['user_risk'] });
    expect((await decideOwed(facts({ risk: 'high', sessionHasMfa: true }).value))).toMatchObject({ prompt: 'password_change', reasons: ['user_risk_password_change'] });
    expect((await decideOwed(facts({ risk: 'none', sessionHasMfa: true }).value)).prompt).toBeUndefined();
  });

  it('3. sign-in risk: decided at the password, kept in the flow, owed until MFA remediates it', async () => {
    const verdict = await atPassword({ signInRisk: 'medium' });
    if (verdict.kind !== 'signedIn') throw new Error('refused');
    expect(verdict.decision).toEqual({ outcome: 'mfa', records: [{ policy: 'signInRisk', decision: 'mfa' }] });
    expect(await decideOwed(facts({ flow: flow({ signInRisk: 'medium', decision: verdict.decision }) }).value)).toMatchObject({ prompt: 'mfa', reasons: ['sign_in_risk'] });
    expect((await decideOwed(facts({ flow: flow({ signInRisk: 'medium', decision: verdict.decision, signInRiskRemediated: true }) }).value)).prompt).toBeUndefined();
    // What the password decided is what the flow owes: a decision without sign-in risk owes nothing for it.
    expect((await decideOwed(facts({ flow: flow({ signInRisk: 'medium', decision: { outcome: 'allow', records: [] } }) }).value)).prompt).toBeUndefined();
  });

  it('4. the client: an essential acr claim is a demand; acr_values a preference met only with a method', async () => {
    expect(await decideOwed(facts({ essentialMfa: true, methods: false }).value)).toMatchObject({ prompt: 'mfa', reasons: ['mfa_requested_by_client'] });
    expect(await decideOwed(facts({ acrValues: `${MFA_ACR} ${PASSWORD_ACR}` }).value)).toMatchObject({ prompt: 'mfa', reasons: ['mfa_requested_by_client'] });
    expect((await decideOwed(facts({ acrValues: `${MFA_ACR} ${PASSWORD_ACR}`, methods: false }).value)).prompt).toBeUndefined();
    expect((await decideOwed(facts({ acrValues: MFA_ACR, interactive: false }).value)).prompt).toBeUndefined();
    expect((await decideOwed(facts({ essentialMfa: true, sessionHasMfa: true }).value)).prompt).toBeUndefined();
    // The flow's first decision is to be recorded with its event, once.
    const first = flow({ signInId: 'event-1' });
    expect((await decideOwed(facts({ essentialMfa: true, flow: first }).value)).record).toEqual({ flowId: 'session-uid', signInId: 'event-1', added: [{ policy: 'client', decision: 'mfa' }] });
    expect((await decideOwed(facts({ flow: first }).value)).record).toEqual({ flowId: 'session-uid', signInId: 'event-1', added: [] });
    expect((await decideOwed(facts({ essentialMfa: true, flow: { ...first, decisionRecordedFor: 'event-1' } }).value)).record).toBeUndefined();
  });

  it('5. registration: due and skippable in the grace period (which it starts), once per session, required after it', async () => {
    const newcomer = user({ groups: ['newcomers'] });
    const due = await decideOwed(facts({ user: newcomer, methods: false }).value);
    expect(due).toMatchObject({ prompt: 'mfa_registration', reasons: ['mfa_registration_due'], startRegistrationGrace: true });
    expect((await decideOwed(facts({ user: newcomer, methods: false, flow: flow({ registrationSkippedAt: clock.now() }) }).value)).prompt).toBeUndefined();
    const silent = await decideOwed(facts({ user: newcomer, methods: false, interactive: false }).value);
    expect([silent.prompt, silent.startRegistrationGrace]).toEqual([undefined, false]);
    const started = user({ groups: ['newcomers'], mfaRegistrationStartedAt: clock.now() });
    clock.advance(15 * DAY);
    const late = facts({ user: started, methods: false, flow: flow({ registrationSkippedAt: clock.now() }) });
    expect(await decideOwed(late.value)).toMatchObject({ prompt: 'mfa_registration', startRegistrationGrace: false });
    expect((await decideOwed(facts({ user: newcomer, methods: true }).value)).prompt).toBeUndefined();
  });

  it('stops at the first prompt owed, and reads risk and methods only for whom a policy covers', async () => {
    const risky = facts({ risk: 'high', user: user({ groups: ['newcomers'] }), methods: false });
    expect(await decideOwed(risky.value)).toMatchObject({ prompt: 'mfa', reasons: ['user_risk'] });
    expect(risky.reads).toEqual({ userRisk: 1, hasMfa: 0 });
    const offPolicies = policiesSchema.parse(POLICIES_OFF);
    const uncovered = facts({ policies: offPolicies });
    expect((await decideOwed(uncovered.value)).prompt).toBeUndefined();
    expect(uncovered.reads).toEqual({ userRisk: 0, hasMfa: 0 });
  });

  it('the prompts the provider runs are those of the decision, in its order: each check reads one reason', () => {
    const deps = { clock, policies: { current: policies }, userRiskLevel: async () => 'none', reportOnly: () => undefined } as unknown as CheckDeps;
    const prompts = vigilPrompts(deps).map((prompt) => [prompt.name, [...prompt.checks].map((check) => check.reason)]);
    expect(prompts).toEqual(Object.entries(OWED_PROMPTS).map(([name, reasons]) => [name, [...reasons]]));
  });

  it('risk replay decides as the password does: the same outcome for every risk, the attack rule, a wrong password blocks', async () => {
    const spray = [{ type: 'passwordSpray', level: 'medium', reason: 'spray' }] as const;
    for (const signInRisk of ['none', 'low', 'medium', 'high'] as const) {
      for (const userRisk of ['none', 'medium', 'high'] as const) {
        const live = await atPassword({ signInRisk, userRisk });
        const expected = live.kind === 'signedIn' ? live.decision.outcome : 'block';
        expect(await decideReplayed({ policies, username: 'ada', passwordOk: true, signInRisk, userRisk, detections: [] })).toBe(expected);
      }
    }
    // Owed only for the attack: live, a user without MFA is refused; replay's users have MFA, so it steps up.
    const attack = { policies, user: user(), signInRisk: 'medium', userRisk: 'none', detections: spray } as const;
    expect(await decideAtPassword({ ...attack, hasMfa: async () => false })).toMatchObject({ kind: 'refused', reason: 'source' });
    expect(await decideReplayed({ policies, username: 'ada', passwordOk: true, signInRisk: 'medium', userRisk: 'none', detections: spray })).toBe('mfa');
    expect(await decideReplayed({ policies, username: 'ada', passwordOk: false, signInRisk: 'none', userRisk: 'none', detections: [] })).toBe('block');
  });

  it('report-only policies are effects of the decision, not enforced', async () => {
    const reportOnly = policiesSchema.parse({ ...POLICY_FIELDS, userRisk: { state: 'reportOnly', level: 'high' } });
    const owed = await decideOwed(facts({ policies: reportOnly, risk: 'high' }).value);
    expect(owed.prompt).toBeUndefined();
    expect(owed.reportOnly).toEqual([{ policy: 'userRisk', userId: owed.userId, wouldHave: 'mfa+passwordChange' }]);
  });
});

describe('the flow over HTTP', () => {
  const TOR_EXIT = '185.220.101.4';
  const LEAKED = 'trustno1';
  let vigil: TestApp;
  let rp: RelyingParty;
  const mfa: Record<string, RegisteredMfa> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    vigil = await startTestApp({
      label: 'signinflow',
      policiesYaml: `${Object.entries(POLICY_FIELDS).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n')}\n`,
      env: { TRUST_PROXY: 'true' },
      files: { 'risk/anonymous-ips/tor.txt': `# test list\n${TOR_EXIT}\n` },
    });
    for (const [username, password, withMfa, groups] of [
      ['gone', DEFAULT_PASSWORD, false, []], ['leaky', LEAKED, true, []], ['hider', DEFAULT_PASSWORD, true, []],
      ['alice', DEFAULT_PASSWORD, true, []], ['newbie', DEFAULT_PASSWORD, false, ['newcomers']], ['bob', DEFAULT_PASSWORD, false, []],
    ] as const) {
      const user = await createTestUser({ username, password, groups: [...groups], disabled: username === 'gone' });
      ids[username] = user._id.toString();
      if (withMfa) mfa[username] = await registerMfa(vigil, user._id.toString());
    }
    rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  });
  afterAll(async () => {
    await vigil.close();
  });

  async function signIn(username: string, options: { password?: string; ip?: string; params?: Record<string, string>; browser?: UserAgent; client?: RelyingParty } = {}) {
    const browser = options.browser ?? new UserAgent(vigil.issuer);
    browser.headers = { 'X-Forwarded-For': options.ip ?? '81.2.69.142', 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36' };
    const started = await (options.client ?? rp).start(options.params);
    const login = await browser.open(started.url.toString());
    const next = await browser.submit(login, 'login', { username, password: options.password ?? DEFAULT_PASSWORD });
    return { browser, started, next };
  }

  const flowOf = async (username: string): Promise<SignInFlowRecord | null> =>
    (await SignInFlow.find({ accountId: ids[username] }).sort({ createdAt: -1 }).limit(1).lean<SignInFlowRecord[]>())[0] ?? null;

  it('1. a disabled account is refused and starts no flow', async () => {
    const { next } = await signIn('gone');
    expect(next.status).toBe(403);
    expect(await flowOf('gone')).toBeNull();
  });

  it('2. user risk: the flow keeps the password decision and the event; MFA, then the password change, advance it', async () => {
    const { browser, started, next } = await signIn('leaky', { password: LEAKED });
    expect(next.html).toContain('Your account security is at risk.');
    const flow = await flowOf('leaky');
    expect(flow?.decision).toEqual({ outcome: 'mfa+passwordChange', records: [{ policy: 'userRisk', decision: 'mfa+passwordChange' }] });
    const event = await SignInEvent.findById(flow?.signInId).lean();
    expect(event?.outcome).toBe('mfaRequired');
    expect(flow?.clientId).toBe(WEB_CLIENT.id);
    nextStep(vigil);
    const change = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.leaky?.secret ?? '') });
    expect(change.html).toContain('autocomplete="new-password"');
    expect((await flowOf('leaky'))?.mfaAt).toBeInstanceOf(Date);
    const password = 'cobalt-meadow-lantern-77';
    const done = await browser.submit(change, 'change', { password, confirm: password });
    expect((await rp.finish(done.url, started)).claims()?.acr).toBe(MFA_ACR);
    expect((await flowOf('leaky'))?.passwordChangedAt).toBeInstanceOf(Date);
  });

  it('3. sign-in risk: owed as the password decided; MFA remediates the flow and the event', async () => {
    const { browser, started, next } = await signIn('hider', { ip: TOR_EXIT });
    expect(next.html).toContain('We noticed something unusual about this sign-in.');
    const flow = await flowOf('hider');
    expect(flow).toMatchObject({ signInRisk: 'medium', signInRiskRemediated: false, decision: { outcome: 'mfa' } });
    expect((await SignInEvent.findById(flow?.signInId).lean())?.decisions).toEqual([{ policy: 'signInRisk', decision: 'mfa' }]);
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.hider?.secret ?? '') });
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect((await flowOf('hider'))?.signInRiskRemediated).toBe(true);
  });

  it('4. an essential acr claim asks for MFA on a flow the password allowed; max_age asks for the password again', async () => {
    const { browser, started, next } = await signIn('alice', { params: { claims: ESSENTIAL_MFA_CLAIMS } });
    expect(next.html).toContain('autocomplete="one-time-code"');
    const flow = await flowOf('alice');
    expect(flow?.decision).toEqual({ outcome: 'allow', records: [] });
    // The recorded event says what the flow owed, not only what the password decided.
    const event = await SignInEvent.findById(flow?.signInId).lean();
    expect(event).toMatchObject({ outcome: 'mfaRequired', decisions: [{ policy: 'client', decision: 'mfa' }] });
    expect(flow?.decisionRecordedFor).toBe(flow?.signInId);
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.alice?.secret ?? '') });
    expect((await rp.finish(done.url, started)).claims()?.acr).toBe(MFA_ACR);
    // Recorded once: the later requests of the flow (MFA done, nothing owed) leave it as it was.
    expect(await SignInEvent.findById(flow?.signInId).lean()).toMatchObject({ decisions: [{ policy: 'client', decision: 'mfa' }] });
    const again = await rp.start({ max_age: '0' });
    const page = await browser.open(again.url.toString());
    expect(page.html).toContain('autocomplete="current-password"');
  });

  it('5. registration: due for a newcomer (the grace period starts), skipped once for the session', async () => {
    const { browser, started, next } = await signIn('newbie');
    expect(next.html).toContain('name="action" value="skip"');
    const owed = await SignInEvent.findById((await flowOf('newbie'))?.signInId).lean();
    expect(owed).toMatchObject({ outcome: 'mfaRequired', decisions: [{ policy: 'mfaRegistration', decision: 'register' }] });
    const skipped = await browser.submit(next, 'skip');
    await rp.finish(skipped.url, started);
    expect((await flowOf('newbie'))?.registrationSkippedAt).toBeInstanceOf(Date);
    const { User } = await import('../../src/users/user.ts');
    expect((await User.findById(ids.newbie).lean())?.mfaRegistrationStartedAt).toBeInstanceOf(Date);
    const again = await rp.start();
    const page = await browser.open(again.url.toString());
    expect(new URL(page.url).origin).toBe('http://rp.test');
  });

  it('6. consent: a third-party app asks after everything else', async () => {
    const third = await relyingParty(vigil.issuer, THIRD_PARTY_CLIENT.id, THIRD_PARTY_CLIENT.secret);
    const { next } = await signIn('bob', { client: third });
    expect(next.html).toContain('Third Party App');
    const flow = await flowOf('bob');
    expect(flow?.clientId).toBe(THIRD_PARTY_CLIENT.id);
    // Nothing owed before consent: the event stays as the password recorded it.
    expect(await SignInEvent.findById(flow?.signInId).lean()).toMatchObject({ outcome: 'success', decisions: [] });
  });
});
