/**
 * The detections end to end on the database: attempts assessed and recorded through the engine,
 * time moved with a ManualClock. Each detection fires on its case and stays quiet on its twin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, ManualClock, MINUTE } from '../../src/clock.ts';
import type { RiskEngine } from '../../src/risk/engine.ts';
import { CHROME_WINDOWS, connect, disconnect, engineWith, signIn, TOR_EXIT, type SignInArgs } from './support.ts';

beforeAll(() => connect('risk-detect'));
afterAll(disconnect);

/** Five trusted sign-ins over two days from London, device dev-<user>, Firefox. */
async function learned(userId: string, start = '2026-03-01T08:00:00Z'): Promise<{ clock: ManualClock; engine: RiskEngine; usual: SignInArgs }> {
  const clock = new ManualClock(start);
  const engine = engineWith(clock);
  const usual: SignInArgs = { userId, ip: '203.0.113.10', deviceId: `dev-${userId}` };
  for (let i = 0; i < 5; i++) {
    const { assessment } = await signIn(engine, usual);
    expect(assessment.signInRisk, `learning sign-in ${i + 1}`).toBe('none');
    clock.advance(12 * HOUR);
  }
  return { clock, engine, usual };
}

describe('unfamiliar sign-in properties', () => {
  it('stays quiet while learning, then fires for a new country, network, device and browser', async () => {
    const clock = new ManualClock('2026-03-01T08:00:00Z');
    const engine = engineWith(clock);
    const stranger = { userId: 'u-unfam', ip: '198.51.100.20', deviceId: 'dev-other', userAgent: CHROME_WINDOWS };
    // The very first sign-ins are never risky, even from somewhere else each time.
    expect((await signIn(engine, { userId: 'u-unfam', ip: '203.0.113.11', deviceId: 'dev-a' })).assessment.signInRisk).toBe('none');
    clock.advance(20 * HOUR);
    expect((await signIn(engine, stranger)).types).not.toContain('unfamiliarSignInProperties');

    const { clock: later, engine: trained, usual } = await learned('u-unfam2');
    later.advance(DAY);
    const familiar = await signIn(trained, { ...usual, ip: '203.0.113.99' });
    expect(familiar.assessment.signInRisk).toBe('none');
    const unfamiliar = await signIn(trained, { ...stranger, userId: 'u-unfam2' });
    expect(unfamiliar.assessment.detections).toContainEqual(expect.objectContaining({ type: 'unfamiliarSignInProperties', level: 'high' }));
  });
});

describe('impossible travel', () => {
  it('fires for London then New York one hour later, not nine hours later', async () => {
    const { clock, engine, usual } = await learned('u-travel');
    await signIn(engine, usual);
    clock.advance(HOUR);
    const fast = await signIn(engine, { ...usual, ip: '198.51.100.30' });
    expect(fast.assessment.detections).toContainEqual(expect.objectContaining({ type: 'impossibleTravel', level: 'high' }));
    expect(fast.assessment.location).toMatchObject({ city: 'New York' });

    const { clock: clock2, engine: engine2, usual: usual2 } = await learned('u-travel2');
    await signIn(engine2, usual2);
    clock2.advance(9 * HOUR);
    expect((await signIn(engine2, { ...usual2, ip: '198.51.100.31' })).types).not.toContain('impossibleTravel');
  });
});

describe('anonymous IP', () => {
  it('fires for a listed Tor exit, not for its neighbour', async () => {
    const clock = new ManualClock('2026-03-05T08:00:00Z');
    const engine = engineWith(clock);
    expect((await signIn(engine, { userId: 'u-anon', ip: TOR_EXIT })).assessment.detections).toContainEqual(expect.objectContaining({ type: 'anonymousIp', level: 'medium' }));
    expect((await signIn(engine, { userId: 'u-anon', ip: '192.0.2.67' })).types).not.toContain('anonymousIp');
  });
});

describe('private addresses', () => {
  it('have no location and a prefix network, without error', async () => {
    const engine = engineWith(new ManualClock('2026-03-05T08:00:00Z'));
    const { assessment } = await signIn(engine, { userId: 'u-lan', ip: '10.1.2.3' });
    expect(assessment.location).toBeNull();
    expect(assessment.network).toBe('10.1.2.0/24');
  });
});

describe('password spray', () => {
  it('flags the attempts of a source failing once on many accounts, including its correct guess', async () => {
    const clock = new ManualClock('2026-03-06T10:00:00Z');
    const engine = engineWith(clock);
    const sprayer = '2001:db8:5::1';
    const levels: string[] = [];
    for (let i = 0; i < 21; i++) {
      const { assessment } = await signIn(engine, { userId: `u-spray-${i}`, ip: sprayer, passwordOk: false, userAgent: 'python-requests/2.31' });
      levels.push(assessment.detections.find((finding) => finding.type === 'passwordSpray')?.level ?? 'none');
      clock.advance(MINUTE);
    }
    expect(levels.slice(0, 10)).toEqual(Array(10).fill('none'));
    expect(levels[10]).toBe('medium');
    expect(levels[20]).toBe('high');

    // Another address in the same /64 is the same source.
    const guess = await signIn(engine, { userId: 'u-spray-victim', ip: '2001:db8:5::99', passwordOk: true, userAgent: 'python-requests/2.31' });
    expect(guess.assessment.detections).toContainEqual(expect.objectContaining({ type: 'passwordSpray', level: 'high' }));
    expect(guess.assessment.throttle.throttle).toBe(true);
    expect(await engine.userRiskLevel('u-spray-victim')).toBe('medium');
  });

  it('leaves alone a device the account trusts behind the spraying, malicious address (a shared NAT)', async () => {
    const { clock, engine, usual } = await learned('u-nat', '2026-03-04T08:00:00Z');
    for (let i = 0; i < 30; i++) {
      await signIn(engine, { userId: `u-nat-sprayed-${i}`, ip: usual.ip, passwordOk: false, userAgent: 'python-requests/2.31' });
      clock.advance(MINUTE);
    }
    const stranger = await signIn(engine, { userId: 'u-nat', ip: usual.ip, deviceId: 'dev-stranger' });
    expect(stranger.types).toEqual(expect.arrayContaining(['passwordSpray', 'maliciousIp']));
    const own = await signIn(engine, usual);
    expect(own.types).toEqual([]);
    expect(own.assessment.throttle.throttle).toBe(false);
    // Only the stranger's correct password (a spray that may have worked) counts towards user risk.
    expect(await engine.userRiskLevel('u-nat')).toBe('medium');
  });

  it('stays quiet for a few users mistyping behind one address', async () => {
    const clock = new ManualClock('2026-03-06T10:00:00Z');
    const engine = engineWith(clock);
    for (let i = 0; i < 4; i++) await signIn(engine, { userId: `u-office-${i}`, ip: '203.0.113.200', passwordOk: false });
    const next = await signIn(engine, { userId: 'u-office-9', ip: '203.0.113.200', passwordOk: false });
    expect(next.types).toEqual([]);
    expect(next.assessment.throttle.throttle).toBe(false);
  });
});

describe('brute force and source throttling', () => {
  it('flags attempts on an account after many failures from many IPs, and throttles the attacker, not the user', async () => {
    const { clock, engine, usual } = await learned('u-brute');
    for (let i = 1; i <= 12; i++) {
      await signIn(engine, { userId: 'u-brute', ip: `198.51.100.${i}`, passwordOk: false, userAgent: CHROME_WINDOWS, deviceId: 'attacker' });
      clock.advance(2 * MINUTE);
    }
    const attempt = await signIn(engine, { userId: 'u-brute', ip: '198.51.100.13', passwordOk: false, deviceId: 'attacker' });
    expect(attempt.assessment.detections).toContainEqual(expect.objectContaining({ type: 'bruteForce', level: 'medium' }));

    // One attacking address keeps failing: it is throttled; the user on their own device is not.
    for (let i = 0; i < 5; i++) await signIn(engine, { userId: 'u-brute', ip: '198.51.100.14', passwordOk: false, deviceId: 'attacker' });
    expect(await engine.throttle({ ip: '198.51.100.14', userId: 'u-brute', deviceId: 'attacker' })).toMatchObject({ throttle: true });
    expect(await engine.throttle({ ip: '198.51.100.14', userId: 'u-brute', deviceId: usual.deviceId })).toMatchObject({ throttle: false });

    // The user's own device: others' failures add no risk to it. A new device with the right
    // password may be the guess that worked: it carries the detection.
    const real = await signIn(engine, usual);
    expect(real.types).not.toContain('bruteForce');
    expect(real.assessment.signInRisk).toBe('none');
    const newDevice = await signIn(engine, { ...usual, deviceId: 'new-laptop' });
    expect(newDevice.types).toContain('bruteForce');
    clock.advance(2 * HOUR);
    expect((await signIn(engine, { ...usual, deviceId: 'new-laptop' })).types).not.toContain('bruteForce');
  });

  it('stays quiet for a user who mistyped three times', async () => {
    const { engine, usual } = await learned('u-typo');
    for (let i = 0; i < 3; i++) await signIn(engine, { ...usual, passwordOk: false });
    expect((await signIn(engine, usual)).assessment.signInRisk).toBe('none');
  });
});

describe('malicious IP', () => {
  it('flags a source whose day is mostly failures on several accounts, not an office with successes', async () => {
    const clock = new ManualClock('2026-03-07T00:00:00Z');
    const engine = engineWith(clock);
    for (let i = 0; i < 26; i++) {
      await signIn(engine, { userId: `u-mal-${i % 6}`, ip: '192.0.2.77', passwordOk: false });
      clock.advance(30 * MINUTE);
    }
    expect((await signIn(engine, { userId: 'u-mal-9', ip: '192.0.2.77', passwordOk: false })).assessment.detections)
      .toContainEqual(expect.objectContaining({ type: 'maliciousIp', level: 'medium' }));

    const office = new ManualClock('2026-03-07T00:00:00Z');
    const officeEngine = engineWith(office);
    for (let i = 0; i < 26; i++) {
      await signIn(officeEngine, { userId: `u-off-${i % 6}`, ip: '192.0.2.88', passwordOk: false });
      await signIn(officeEngine, { userId: `u-off-${i % 6}`, ip: '192.0.2.88', passwordOk: true });
      office.advance(30 * MINUTE);
    }
    expect((await signIn(officeEngine, { userId: 'u-off-9', ip: '192.0.2.88', passwordOk: false })).types).not.toContain('maliciousIp');
  });
});

describe('leaked credentials', () => {
  it('raises high user risk for a correct breached password, not for a good one or a wrong one', async () => {
    const engine = engineWith(new ManualClock('2026-03-08T08:00:00Z'));
    const leaked = await signIn(engine, { userId: 'u-leak', password: 'Password1!' });
    expect(leaked.assessment.userDetections).toEqual([expect.objectContaining({ type: 'leakedCredentials', level: 'high' })]);
    expect(leaked.assessment.userRisk).toBe('high');
    expect(leaked.assessment.signInRisk).toBe('none');
    expect(await engine.userRiskLevel('u-leak')).toBe('high');

    expect((await signIn(engine, { userId: 'u-clean', password: 'correct horse battery staple' })).assessment.userRisk).toBe('none');
    expect((await signIn(engine, { userId: 'u-clean', password: 'Password1!', passwordOk: false })).assessment.userRisk).toBe('none');
  });
});
