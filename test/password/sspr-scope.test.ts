import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPolicies } from '../../src/policy/store.ts';
import { policiesSchema } from '../../src/policy/schema.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { codeFrom, forgotPage, registerResetEmail, resetCodePage, SSPR_POLICIES, type ResetWay } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = SSPR_POLICIES.replace('enabledFor: all, methodsRequired: 1', 'enabledFor: { groups: [selfservice] }, methodsRequired: 2');

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let inMfa: RegisteredMfa;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'ssprscope', policiesYaml: POLICIES, env: { SMTP_URL: sink.url } });
  const inside = await createTestUser({ username: 'inside', groups: ['selfservice'] });
  await registerResetEmail(vigil, inside._id.toString(), 'inside.reset@example.test');
  inMfa = await registerMfa(vigil, inside._id.toString());
  const emailOnly = await createTestUser({ username: 'emailonly', groups: ['selfservice'] });
  await registerResetEmail(vigil, emailOnly._id.toString(), 'emailonly.reset@example.test');
  const outside = await createTestUser({ username: 'outside' });
  await registerResetEmail(vigil, outside._id.toString(), 'outside.reset@example.test');
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function identify(username: string, method: ResetWay = 'email') {
  const browser = new UserAgent(vigil.issuer);
  return { browser, verify: await resetCodePage(rp, browser, username, method) };
}

describe('password reset scope and method count', () => {
  it('with two methods required, an in-scope user verifies the e-mail code and the authenticator app', async () => {
    sink.clear();
    const { browser, verify } = await identify('inside');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('inside.reset@example.test'));
    const second = await browser.submit(verify, 'verify', { code: codeFrom(mail.text) });
    expect(second.html).toContain('Thank you. Your account also needs your authenticator app');
    nextStep(vigil);
    const newPassword = await browser.submit(second, 'verify', { code: totpNow(vigil, inMfa.secret) });
    expect(newPassword.html).toContain('autocomplete="new-password"');
  });

  it('a user outside the scope sees the same page and is told by e-mail to contact the admin', async () => {
    const outside = await identify('outside');
    const unknown = await identify('not-a-user');
    const strip = (html: string) => html.replace(/\/interaction\/[^/"]+/g, '').replace(/value="[^"]*"/g, '');
    expect(strip(outside.verify.html)).toBe(strip(unknown.verify.html));
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('outside@example.test'));
    expect(mail.text).toContain('contact your administrator');
    expect(mail.text).not.toMatch(/\b\d{6}\b/);
    expect(mail.subject).toBe("You can't reset your Vigil password yourself");
  });

  it('app first, then the e-mail: the second step names the masked reset address', async () => {
    sink.clear();
    const { browser, verify } = await identify('inside', 'totp');
    nextStep(vigil);
    const second = await browser.submit(verify, 'verify', { code: totpNow(vigil, inMfa.secret) });
    expect(second.html).toContain('we sent a 6-digit code to i•••@e•••.test');
    expect(second.html).not.toContain('value="other"');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('inside.reset@example.test'));
    const newPassword = await browser.submit(second, 'verify', { code: codeFrom(mail.text) });
    expect(newPassword.html).toContain('autocomplete="new-password"');
  });

  it('an in-scope user without enough methods cannot reset and is told to contact the admin', async () => {
    await identify('emailonly');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('emailonly@example.test'));
    expect(mail.text).toContain('contact your administrator');
  });

  it('with reset disabled for everyone, the link leads straight to "contact your administrator"', async () => {
    await applyPolicies(policiesSchema.parse({ mfaRegistration: { state: 'disabled' }, signInRisk: { state: 'disabled' }, userRisk: { state: 'disabled' }, sspr: { enabledFor: 'none' } }), { appliedBy: 'test', source: 'test', clock: vigil.clock });
    await vigil.app.services.policies.refresh();
    const { forgot } = await forgotPage(rp, new UserAgent(vigil.issuer));
    expect(forgot.html).toContain('Contact your administrator');
    expect(forgot.html).not.toContain('autocomplete="username"');
  });
});
