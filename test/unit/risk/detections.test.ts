/** Each detection fires on its case and stays quiet on its benign twin (pure: no database). */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../src/clock.ts';
import { anonymousIp } from '../../../src/risk/detections/anonymous-ip.ts';
import { bruteForce } from '../../../src/risk/detections/brute-force.ts';
import { impossibleTravel } from '../../../src/risk/detections/impossible-travel.ts';
import { DETECTIONS } from '../../../src/risk/detections/index.ts';
import { leakedCredentials } from '../../../src/risk/detections/leaked-credentials.ts';
import { maliciousIp } from '../../../src/risk/detections/malicious-ip.ts';
import { passwordSpray } from '../../../src/risk/detections/password-spray.ts';
import { unfamiliarSignInProperties } from '../../../src/risk/detections/unfamiliar-sign-in-properties.ts';
import { REAL_TIME_DETECTION_TYPES } from '../../../src/risk/detection-types.ts';
import { NOW, context, counts, profile, seen } from './context.ts';

const NEW_YORK = { country: 'US', city: 'New York', latitude: 40.71, longitude: -74.0, asn: 64501 };

describe('registry', () => {
  it('registers every real-time sign-in detection once, plus leaked credentials', () => {
    const types = DETECTIONS.map((detection) => detection.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of REAL_TIME_DETECTION_TYPES) expect(types).toContain(type);
    expect(types).toContain('leakedCredentials');
  });

  it('finds nothing on an ordinary sign-in', () => {
    expect(DETECTIONS.map((detection) => detection.evaluate(context())).filter(Boolean)).toEqual([]);
  });
});

describe('unfamiliar sign-in properties', () => {
  const foreign = { network: 'AS64999', location: { ...NEW_YORK, asn: 64999 }, deviceId: 'dev-x', browser: 'Chrome on Windows', ip: '198.51.100.7' };

  it('is high when country, network and device are all new', () => {
    const verdict = unfamiliarSignInProperties.evaluate(context(foreign));
    expect(verdict?.level).toBe('high');
    expect(verdict?.reason).toContain('country US');
  });

  it('is medium for a new network with a new browser in a known country', () => {
    expect(unfamiliarSignInProperties.evaluate(context({ network: 'AS64999', browser: 'Chrome on Windows' }))?.level).toBe('medium');
  });

  it('is low for a new network alone', () => {
    expect(unfamiliarSignInProperties.evaluate(context({ network: 'AS64999' }))?.level).toBe('low');
  });

  it('stays quiet for a new IP inside the known network, and for known properties', () => {
    expect(unfamiliarSignInProperties.evaluate(context({ ip: '203.0.113.99' }))).toBeNull();
    expect(unfamiliarSignInProperties.evaluate(context())).toBeNull();
  });

  it('stays quiet during the learning period (few sign-ins, or too recent)', () => {
    expect(unfamiliarSignInProperties.evaluate(context({ ...foreign, profile: profile({ learnedSignIns: 3 }) }))).toBeNull();
    expect(unfamiliarSignInProperties.evaluate(context({ ...foreign, profile: profile({ firstLearnedAt: new Date(NOW.getTime() - DAY) }) }))).toBeNull();
    expect(unfamiliarSignInProperties.evaluate(context({ ...foreign, profile: null }))).toBeNull();
  });

  it('counts a missing device id as new only for users who usually have one', () => {
    expect(unfamiliarSignInProperties.evaluate(context({ deviceId: undefined, browser: 'Chrome on Windows' }))?.level).toBe('low');
    expect(unfamiliarSignInProperties.evaluate(context({ deviceId: undefined, browser: 'Chrome on Windows', profile: profile({ devices: [] }) }))).toBeNull();
  });
});

describe('impossible travel', () => {
  it('fires London → New York one hour after a trusted sign-in, high (needs > 3000 km/h)', () => {
    const verdict = impossibleTravel.evaluate(context({ network: 'AS64501', location: NEW_YORK, profile: profile({ lastLocation: { latitude: 51.5, longitude: -0.12, country: 'GB', city: 'London', network: 'AS64500', at: new Date(NOW.getTime() - HOUR) } }) }));
    expect(verdict?.level).toBe('high');
    expect(verdict?.reason).toMatch(/^\d{4} km from London, GB to New York, US in 60 min/);
  });

  it('is medium when the trip is impossible but under 3000 km/h (London → Moscow, 1 h 10 min)', () => {
    const moscow = { country: 'RU', city: 'Moscow', latitude: 55.75, longitude: 37.62, asn: 64502 };
    const verdict = impossibleTravel.evaluate(context({ network: 'AS64502', location: moscow, profile: profile({ lastLocation: { latitude: 51.5, longitude: -0.12, network: 'AS64500', at: new Date(NOW.getTime() - 70 * MINUTE) } }) }));
    expect(verdict?.level).toBe('medium');
  });

  it('stays quiet for the same trip after a realistic flight time (9 hours)', () => {
    expect(impossibleTravel.evaluate(context({ network: 'AS64501', location: NEW_YORK, profile: profile({ lastLocation: { latitude: 51.5, longitude: -0.12, network: 'AS64500', at: new Date(NOW.getTime() - 9 * HOUR) } }) }))).toBeNull();
  });

  it('stays quiet within the tolerance, without a location, from an anonymizer, or inside the same network', () => {
    const paris = { country: 'FR', city: 'Paris', latitude: 48.86, longitude: 2.35, asn: 64503 };
    const recent = profile({ lastLocation: { latitude: 51.5, longitude: -0.12, network: 'AS64500', at: new Date(NOW.getTime() - 5 * MINUTE) } });
    expect(impossibleTravel.evaluate(context({ network: 'AS64503', location: paris, profile: recent }))).toBeNull();
    expect(impossibleTravel.evaluate(context({ network: 'AS64501', location: null, profile: recent }))).toBeNull();
    expect(impossibleTravel.evaluate(context({ network: 'AS64501', location: NEW_YORK, anonymousList: 'tor.txt', profile: recent }))).toBeNull();
    expect(impossibleTravel.evaluate(context({ network: 'AS64500', location: NEW_YORK, profile: recent }))).toBeNull();
  });
});

describe('anonymous IP', () => {
  it('fires (medium) for a listed IP, naming the list, and stays quiet otherwise', () => {
    expect(anonymousIp.evaluate(context({ anonymousList: 'tor-exits.txt' }))).toEqual({ level: 'medium', reason: expect.stringContaining('tor-exits.txt') });
    expect(anonymousIp.evaluate(context())).toBeNull();
  });
});

describe('malicious IP', () => {
  it('fires on a source whose traffic is mostly failures across accounts', () => {
    expect(maliciousIp.evaluate(context({ sourceCounts: counts({}, { attempts: 30, failures: 28, failedAccounts: 9 }) }))?.level).toBe('medium');
    expect(maliciousIp.evaluate(context({ sourceCounts: counts({}, { attempts: 120, failures: 110, failedAccounts: 40 }) }))?.level).toBe('high');
  });

  it('stays quiet for a busy office NAT whose users sometimes mistype', () => {
    expect(maliciousIp.evaluate(context({ sourceCounts: counts({}, { attempts: 400, failures: 40, successes: 360, failedAccounts: 20 }) }))).toBeNull();
  });

  it('stays quiet for failures on few accounts', () => {
    expect(maliciousIp.evaluate(context({ sourceCounts: counts({}, { attempts: 40, failures: 40, failedAccounts: 2 }) }))).toBeNull();
  });
});

describe('password spray', () => {
  it('fires on a source failing once on many accounts, including its correct guess', () => {
    expect(passwordSpray.evaluate(context({ sourceCounts: counts({ attempts: 12, failures: 12, failedAccounts: 12 }) }))?.level).toBe('medium');
    const verdict = passwordSpray.evaluate(context({ passwordOk: true, sourceCounts: counts({ attempts: 25, failures: 25, failedAccounts: 25 }) }));
    expect(verdict?.level).toBe('high');
  });

  it('fires on a network spraying from rotating addresses', () => {
    expect(passwordSpray.evaluate(context({ networkCounts: counts({ attempts: 35, failures: 35, failedAccounts: 35 }) }))?.level).toBe('medium');
  });

  it('stays quiet when the failures are many tries on few accounts (that is brute force)', () => {
    expect(passwordSpray.evaluate(context({ sourceCounts: counts({ attempts: 60, failures: 60, failedAccounts: 10 }) }))).toBeNull();
  });

  it('stays quiet for a few users mistyping behind one IP', () => {
    expect(passwordSpray.evaluate(context({ sourceCounts: counts({ attempts: 50, failures: 4, failedAccounts: 4 }) }))).toBeNull();
  });
});

describe('brute force', () => {
  it('fires on many failures on the account, and is high past 30', () => {
    expect(bruteForce.evaluate(context({ accountFailures: { short: 12, long: 12 } }))?.level).toBe('medium');
    expect(bruteForce.evaluate(context({ accountFailures: { short: 31, long: 31 } }))?.level).toBe('high');
  });

  it('stays quiet for a user who mistyped a few times, or failures spread over the day', () => {
    expect(bruteForce.evaluate(context({ accountFailures: { short: 3, long: 3 } }))).toBeNull();
    expect(bruteForce.evaluate(context({ accountFailures: { short: 2, long: 20 } }))).toBeNull();
  });
});

describe('leaked credentials', () => {
  it('fires (high, user risk) for a correct password that is in the breached corpus', () => {
    expect(leakedCredentials.scope).toBe('user');
    expect(leakedCredentials.evaluate(context({ passwordBreached: true }))?.level).toBe('high');
  });

  it('stays quiet for a password not in the corpus, or a wrong one', () => {
    expect(leakedCredentials.evaluate(context({ passwordBreached: false }))).toBeNull();
    expect(leakedCredentials.evaluate(context({ passwordOk: false, passwordBreached: true }))).toBeNull();
    expect(leakedCredentials.evaluate(context({ profile: profile({ devices: seen() }) }))).toBeNull();
  });
});
