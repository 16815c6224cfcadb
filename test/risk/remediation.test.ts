/** Remediation, admin actions, the "this wasn't me" token, reports and retention. */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, ManualClock } from '../../src/clock.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { detections, riskyUsers, signIns } from '../../src/admin/risk-reports.ts';
import { createReportLinks } from '../../src/notices/report-token.ts';
import { CHROME_WINDOWS, connect, disconnect, engineWith, signIn } from './support.ts';

beforeAll(() => connect('risk-remed'));
afterAll(disconnect);

describe('sign-in remediation by MFA', () => {
  it('closes the risky sign-in, keeps user risk from accumulating, and learns its properties', async () => {
    const clock = new ManualClock('2026-04-01T08:00:00Z');
    const engine = engineWith(clock);
    const risky = await signIn(engine, { userId: 'u-mfa', ip: '192.0.2.66' });
    expect(risky.assessment.signInRisk).toBe('medium');
    expect(risky.recorded.riskState).toBe('atRisk');
    expect(await engine.userRiskLevel('u-mfa')).toBe('low');

    expect(await engine.remediateSignIn(risky.recorded.eventId)).toEqual({ status: 'OK', riskState: 'remediated' });
    expect(await engine.userRiskLevel('u-mfa')).toBe('none');
    const [event] = await signIns(engine.clock, { user: 'u-mfa' });
    expect(event).toMatchObject({ riskState: 'remediated', outcome: 'success', steps: [{ step: 'password' }, { step: 'mfa', outcome: 'success' }] });
    expect(await engine.remediateSignIn('000000000000000000000000')).toEqual({ status: 'NOT_FOUND' });
  });

  it('records a failed MFA step, and the sign-in stays at risk', async () => {
    const engine = engineWith(new ManualClock('2026-04-01T08:00:00Z'));
    const risky = await signIn(engine, { userId: 'u-mfa-fail', ip: '192.0.2.66' });
    await engine.recordStep(risky.recorded.eventId, 'mfa', 'failure');
    const [event] = await signIns(engine.clock, { user: 'u-mfa-fail' });
    expect(event).toMatchObject({ riskState: 'atRisk', outcome: 'mfaFailed' });
  });
});

describe('accumulated sign-in risk and admin decisions on sign-ins', () => {
  it('raises user risk with unremediated risky sign-ins; confirming one safe lowers it', async () => {
    const clock = new ManualClock('2026-04-02T08:00:00Z');
    const engine = engineWith(clock);
    const first = await signIn(engine, { userId: 'u-acc', ip: '192.0.2.66' });
    clock.advance(HOUR);
    const second = await signIn(engine, { userId: 'u-acc', ip: '192.0.2.66' });
    expect(await engine.userRiskLevel('u-acc')).toBe('medium');
    const users = await riskyUsers(engine.clock);
    expect(users.find((user) => user.userId === 'u-acc')).toMatchObject({ riskLevel: 'medium', detections: [expect.objectContaining({ type: 'accumulatedSignInRisk' })] });

    expect(await engine.confirmSignInSafe(first.recorded.eventId, 'cli:admin')).toEqual({ status: 'OK', riskState: 'confirmedSafe' });
    expect(await engine.userRiskLevel('u-acc')).toBe('low');
    expect(await engine.confirmSignInCompromised(second.recorded.eventId, 'cli:admin')).toEqual({ status: 'OK', riskState: 'confirmedCompromised' });
    expect(await engine.userRiskLevel('u-acc')).toBe('high');
    const found = await detections(engine.clock, { user: 'u-acc' });
    expect(found.map((detection) => [detection.type, detection.state])).toEqual(expect.arrayContaining([
      ['anonymousIp', 'confirmedSafe'], ['anonymousIp', 'confirmedCompromised'], ['adminConfirmedCompromised', 'confirmedCompromised'],
    ]));
  });

  it('does not count failed-password attempts toward user risk', async () => {
    const engine = engineWith(new ManualClock('2026-04-02T08:00:00Z'));
    for (let i = 0; i < 3; i++) await signIn(engine, { userId: 'u-acc-fail', ip: '192.0.2.66', passwordOk: false });
    expect(await engine.userRiskLevel('u-acc-fail')).toBe('none');
  });
});

describe('user risk remediation and admin decisions on users', () => {
  it('remediates leaked credentials with a secure password change', async () => {
    const engine = engineWith(new ManualClock('2026-04-03T08:00:00Z'));
    await signIn(engine, { userId: 'u-pw', password: 'Password1!' });
    expect(await engine.userRiskLevel('u-pw')).toBe('high');
    expect(await engine.remediateUserRisk('u-pw')).toEqual({ status: 'OK', previousLevel: 'high', level: 'none' });
    expect(await engine.userRiskLevel('u-pw')).toBe('none');
    expect((await riskyUsers(engine.clock, { includeClosed: true })).find((user) => user.userId === 'u-pw')).toMatchObject({ riskState: 'remediated', riskLevel: 'none' });
    expect((await detections(engine.clock, { user: 'u-pw' }))[0]).toMatchObject({ type: 'leakedCredentials', state: 'remediated' });
  });

  it('dismissing leaked credentials sticks for the same password, not for a changed one', async () => {
    const clock = new ManualClock('2026-04-03T08:00:00Z');
    const engine = engineWith(clock);
    await signIn(engine, { userId: 'u-dismiss', password: 'Password1!' });
    expect(await engine.dismissUserRisk('u-dismiss', 'cli:admin')).toMatchObject({ previousLevel: 'high', level: 'none' });
    clock.advance(HOUR);
    const changedAt = new Date('2026-04-01T00:00:00Z');
    const again = await engine.assess({ username: 'u-dismiss', userId: 'u-dismiss', ip: '203.0.113.10', passwordOk: true, password: 'Password1!', passwordChangedAt: changedAt });
    expect(again.userRisk).toBe('none');
    const afterChange = await engine.assess({ username: 'u-dismiss', userId: 'u-dismiss', ip: '203.0.113.10', passwordOk: true, password: 'Password1!', passwordChangedAt: clock.now() });
    expect(afterChange.userRisk).toBe('high');
  });

  it('confirm compromised makes the user high until dismissed', async () => {
    const engine = engineWith(new ManualClock('2026-04-04T08:00:00Z'));
    await signIn(engine, { userId: 'u-cc', username: 'carol' });
    expect(await engine.confirmCompromised('u-cc', 'cli:admin')).toMatchObject({ level: 'high' });
    const carol = (await riskyUsers(engine.clock)).find((user) => user.userId === 'u-cc');
    expect(carol).toMatchObject({ username: 'carol', riskLevel: 'high', riskState: 'confirmedCompromised', riskUpdatedBy: 'cli:admin' });
    await engine.dismissUserRisk('u-cc', 'cli:admin');
    expect(await engine.userRiskLevel('u-cc')).toBe('none');
    expect((await riskyUsers(engine.clock)).some((user) => user.userId === 'u-cc')).toBe(false);
  });

  it('names a user who never signed in (no risk profile) by the name the admin action gives', async () => {
    const engine = engineWith(new ManualClock('2026-04-04T09:00:00Z'));
    await engine.confirmCompromised('u-never', 'cli:admin', 'nadia');
    expect((await riskyUsers(engine.clock)).find((user) => user.userId === 'u-never')).toMatchObject({ username: 'nadia', riskLevel: 'high' });
    expect((await detections(engine.clock, { user: 'nadia' }))[0]).toMatchObject({ type: 'adminConfirmedCompromised', username: 'nadia' });
  });
});

describe('"this wasn\'t me" report tokens', () => {
  it('are signed, single-use and expiring, and raise the user\'s risk to high', async () => {
    const clock = new ManualClock('2026-04-05T08:00:00Z');
    const engine = engineWith(clock);
    const links = createReportLinks('test-report-key-0123456789', clock);
    const { recorded } = await signIn(engine, { userId: 'u-report', ip: '198.51.100.40', userAgent: CHROME_WINDOWS });
    const token = links.create({ eventId: recorded.eventId, userId: 'u-report' });

    // Every one-character change of the signature is refused, including its last, partly unused, character.
    for (const replacement of ['A', 'B', 'C', 'D']) {
      const tampered = token.slice(0, -1) + replacement;
      if (tampered !== token) expect(await links.consume(tampered)).toEqual({ status: 'INVALID' });
    }
    const [version, payload] = token.split('.');
    const forged = `${version}.${Buffer.from(JSON.stringify({ e: recorded.eventId, u: 'someone-else', x: Date.parse('2027-01-01'), n: 'x' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(payload).toBeTruthy();
    expect(await links.consume(forged)).toEqual({ status: 'INVALID' });
    expect(await links.consume('garbage')).toEqual({ status: 'INVALID' });
    const otherKey = createReportLinks('another-key-0123456789abcdef', clock);
    expect(await otherKey.consume(token)).toEqual({ status: 'INVALID' });

    const results = await Promise.all([links.consume(token), links.consume(token), links.consume(token)]);
    expect(results.filter((result) => result.status === 'OK')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'ALREADY_USED')).toHaveLength(2);
    expect(await engine.userRiskLevel('u-report')).toBe('high');
    const [event] = await signIns(engine.clock, { user: 'u-report' });
    expect(event?.riskState).toBe('confirmedCompromised');

    const late = links.create({ eventId: recorded.eventId, userId: 'u-report' });
    clock.advance(8 * DAY);
    expect(await links.consume(late)).toEqual({ status: 'EXPIRED' });
  });
});

describe('reports and retention', () => {
  it('lists sign-ins by user and since, skips expired events, and purges them', async () => {
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    const engine = engineWith(clock, { eventRetentionMs: 10 * DAY });
    await signIn(engine, { userId: 'u-ret', username: 'Dave' });
    clock.advance(2 * DAY);
    await signIn(engine, { userId: 'u-ret', username: 'dave', passwordOk: false });
    await engine.record(await engine.assess({ username: 'nobody', ip: '203.0.113.5', passwordOk: false }), { outcome: 'unknownUser' });

    const all = await signIns(engine.clock, { user: 'dave' });
    expect(all.map((event) => event.outcome)).toEqual(['failedPassword', 'success']);
    expect(all[1]).toMatchObject({ username: 'dave', userId: 'u-ret', country: 'GB', city: 'London', network: 'AS64500', browser: 'Firefox on Linux' });
    expect((await signIns(engine.clock, { user: 'u-ret', since: new Date('2026-05-02T00:00:00Z') })).map((event) => event.outcome)).toEqual(['failedPassword']);
    expect((await signIns(engine.clock, { user: 'nobody' }))[0]).toMatchObject({ outcome: 'unknownUser', userId: null });

    clock.advance(9 * DAY);
    expect((await signIns(engine.clock, { user: 'dave' })).map((event) => event.outcome)).toEqual(['failedPassword']);
    expect(await SignInEvent.countDocuments({ userId: 'u-ret' })).toBe(2);
    expect(await engine.purgeExpiredEvents()).toBeGreaterThanOrEqual(1);
    expect(await SignInEvent.countDocuments({ userId: 'u-ret' })).toBe(1);
    expect(mongoose.connection.readyState).toBe(1);
  });
});

describe('closing user risk', () => {
  it('closes the user detections and the risky sign-ins behind it, not unrelated failed attempts', async () => {
    const clock = new ManualClock('2026-04-06T08:00:00Z');
    const engine = engineWith(clock);
    const failed = await signIn(engine, { userId: 'u-close', ip: '192.0.2.66', passwordOk: false });
    const risky = await signIn(engine, { userId: 'u-close', ip: '192.0.2.66', password: 'Password1!' });
    expect(await engine.userRiskLevel('u-close')).toBe('high');
    await engine.remediateUserRisk('u-close');
    const byEvent = new Map((await detections(engine.clock, { user: 'u-close' })).map((detection) => [`${detection.signInId}:${detection.type}`, detection.state]));
    expect(byEvent.get(`${risky.recorded.eventId}:anonymousIp`)).toBe('remediated');
    expect(byEvent.get(`${risky.recorded.eventId}:leakedCredentials`)).toBe('remediated');
    expect(byEvent.get(`${failed.recorded.eventId}:anonymousIp`)).toBe('atRisk');
  });
});
