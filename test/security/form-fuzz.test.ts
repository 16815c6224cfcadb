/**
 * Property-based fuzzing of every form endpoint (README "Security"): whatever arrives — any field
 * names, Unicode, oversized values, arrays, nested objects, operator-shaped keys, JSON or form
 * encoded, with or without a valid CSRF token — gets a 2xx/3xx page or a 4xx answer, never a 5xx
 * or a stack trace, and writes nothing it should not (the user's credentials, methods and the
 * policies stay as they were).
 */
import fc from 'fast-check';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

/** Runs per endpoint; the README reports RUNS_PER_ENDPOINT × the number of endpoints. */
export const RUNS_PER_ENDPOINT = 60;

const POLICIES = `
mfaRegistration: { state: disabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled, include: { users: all }, level: medium }
userRisk: { state: disabled, include: { users: all }, level: high }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`;

const REAL_FIELDS = ['csrf', 'action', 'username', 'password', 'newPassword', 'confirm', 'currentPassword', 'code', 'email', 'method', 'recoveryCode'];
const ACTIONS = ['login', 'approve', 'deny', 'register', 'skip', 'verify', 'confirm', 'change', 'reset', 'send', 'choose', 'other', 'remove', 'replace', 'regenerate'];

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\r\nBcc: x@y.z', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'аlice', 'ALICE', 'alice\u200b', '{"$gt":""}', '0'.repeat(6), '9'.repeat(20000)),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('$gt', '$ne', '$regex', '$where', '__proto__', 'constructor'), text, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
);
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...REAL_FIELDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

interface Submission { encoding: 'form' | 'json' | 'raw'; withCsrf: boolean; action: string; fields: Record<string, unknown>; raw: string }
const submission: fc.Arbitrary<Submission> = fc.record({
  encoding: fc.constantFrom('form', 'json', 'raw'),
  withCsrf: fc.boolean(),
  action: fc.oneof(fc.constantFrom(...ACTIONS), text),
  fields: fc.dictionary(fieldName, value, { maxKeys: 6 }),
  raw: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('{"csrf":', 'a=%zz&b', '[1,2', 'x'.repeat(40_000))),
});

/** Form encoding with qs-style nesting, the way a hostile client writes `username[$ne]=x`. */
function formEncode(fields: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, item: unknown): void => {
    if (Array.isArray(item)) item.forEach((entry, index) => add(`${key}[${index}]`, entry));
    else if (item !== null && typeof item === 'object') for (const [inner, entry] of Object.entries(item)) add(`${key}[${inner}]`, entry);
    else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
  };
  for (const [key, item] of Object.entries(fields)) add(key, item);
  return pairs.join('&');
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+|Error: .*\n\s+at |node_modules\//;

let vigil: TestApp;
let rp: RelyingParty;
let userId = '';

beforeAll(async () => {
  vigil = await startTestApp({ label: 'formfuzz', policiesYaml: POLICIES });
  userId = (await createTestUser({ username: 'alice' }))._id.toString();
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

interface Target { path: string; csrf: string; cookies: UserAgent }

async function interactionTarget(suffix: string): Promise<Target> {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start();
  const page = await browser.open(started.url.toString());
  const form = formWithButton(page.html, 'login');
  return { path: form.action.replace(/\/login$/, suffix), csrf: form.fields.csrf ?? '', cookies: browser };
}

/** A reset already started for alice, so the later steps have a flow to act on. */
async function resetTarget(suffix: string): Promise<Target> {
  const target = await interactionTarget('/forgot');
  const started = await target.cookies.post(target.path, { csrf: target.csrf, action: 'send', username: 'alice' });
  expect(started.status).toBe(200);
  return { ...target, path: `${target.path}${suffix}` };
}

async function securityInfoTarget(suffix: string): Promise<Target> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/security-info');
  const signedIn = await browser.submit(login, 'login', { username: 'alice', password: DEFAULT_PASSWORD });
  expect(signedIn.status).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(signedIn.html)?.[1] ?? '';
  expect(csrf).not.toBe('');
  return { path: `/security-info${suffix}`, csrf, cookies: browser };
}

async function send(target: Target, input: Submission): Promise<request.Response> {
  const fields = { ...input.fields, action: input.action, ...(input.withCsrf ? { csrf: target.csrf } : {}) };
  const post = target.cookies.agent.post(target.path).redirects(0);
  if (input.encoding === 'json') return post.set('Content-Type', 'application/json').send(JSON.stringify(fields));
  if (input.encoding === 'raw') return post.set('Content-Type', input.raw.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded').send(input.raw);
  return post.set('Content-Type', 'application/x-www-form-urlencoded').send(formEncode(fields));
}

/** What must not change, whatever is posted without the user's secrets. */
async function protectedState(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const user = await db.collection('users').findOne({ _id: new mongoose.Types.ObjectId(userId) });
  const methods = await db.collection('authenticators').find({}).project({ _id: 1, type: 1, instance: 1 }).toArray();
  const users = await db.collection('users').countDocuments({});
  const policies = await db.collection('policy_versions').countDocuments({});
  return JSON.stringify({
    user: user && { passwordHash: user.passwordHash, email: user.email, disabled: user.disabled, groups: user.groups, mustChangePassword: user.mustChangePassword },
    methods, users, policies,
  });
}

const ENDPOINTS: Array<[string, () => Promise<Target>]> = [
  ['login', () => interactionTarget('/login')],
  ['consent', () => interactionTarget('/consent')],
  ['mfa', () => interactionTarget('/mfa')],
  ['registration', () => interactionTarget('/registration')],
  ['password change', () => interactionTarget('/password')],
  ['forgot password', () => interactionTarget('/forgot')],
  ['forgot password: method (no reset started)', () => interactionTarget('/forgot/method')],
  ['forgot password: verify (no reset started)', () => interactionTarget('/forgot/verify')],
  ['forgot password: new password (no reset started)', () => interactionTarget('/forgot/password')],
  ['forgot password: method', () => resetTarget('/method')],
  ['forgot password: verify', () => resetTarget('/verify')],
  ['forgot password: new password', () => resetTarget('/password')],
  ['security info: verify', () => securityInfoTarget('/verify')],
  ['security info: methods', () => securityInfoTarget('/methods')],
  ['security info: register', () => securityInfoTarget('/register')],
  ['security info: password', () => securityInfoTarget('/password')],
  ['security info: sign out', () => securityInfoTarget('/sign-out')],
  ['"it was not me" report', async () => ({ path: '/report/not-a-real-token', csrf: '', cookies: new UserAgent(vigil.issuer) })],
  ['password strength meter', async () => ({ path: '/password-strength', csrf: '', cookies: new UserAgent(vigil.issuer) })],
];

describe('form endpoints under fuzzing', () => {
  it.each(ENDPOINTS)('%s: any input gets a clear answer, never a 5xx, and changes nothing protected', async (_name, targetOf) => {
    const before = await protectedState();
    const target = await targetOf();
    const seen = new Set<number>();
    await fc.assert(fc.asyncProperty(submission, async (input) => {
      const response = await send(target, input);
      seen.add(response.status);
      expect(response.status, `status for ${JSON.stringify(input).slice(0, 300)}`).toBeLessThan(500);
      expect(response.text).not.toMatch(STACK_TRACE);
    }), { numRuns: RUNS_PER_ENDPOINT });
    expect([...seen].some((status) => status >= 400), 'the fuzzer reached at least one refusal').toBe(true);
    expect(JSON.parse(await protectedState())).toEqual(JSON.parse(before));
  });
});
