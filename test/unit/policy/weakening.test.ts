import { describe, expect, it } from 'vitest';
import { policiesSchema, type Policies } from '../../../src/policy/schema.ts';
import { weakenedPaths } from '../../../src/policy/weakening.ts';

/** The shipped policies: everything on. */
const SHIPPED: Policies = policiesSchema.parse({
  mfaRegistration: { state: 'enabled', include: { users: 'all' }, exclude: { users: ['breakglass'] }, gracePeriodDays: 14 },
  signInRisk: { state: 'enabled', include: { users: 'all' }, level: 'medium' },
  userRisk: { state: 'enabled', include: { users: 'all' }, level: 'high' },
  sspr: { enabledFor: 'all', methodsRequired: 1, methods: ['email', 'totp'] },
});

type Sections = { [K in keyof Policies]?: Partial<Policies[K]> };

function changed(over: Sections, base: Policies = SHIPPED): Policies {
  return policiesSchema.parse({
    mfaRegistration: { ...base.mfaRegistration, ...over.mfaRegistration },
    signInRisk: { ...base.signInRisk, ...over.signInRisk },
    userRisk: { ...base.userRisk, ...over.userRisk },
    sspr: { ...base.sspr, ...over.sspr },
  });
}

describe('which policy changes weaken protection', () => {
  it('names a state leaving enabled, a raised level, a longer grace period, a narrower scope and an added exclusion', () => {
    const cases: Array<[Sections, string[]]> = [
      [{ mfaRegistration: { state: 'disabled' } }, ['mfaRegistration.state']],
      [{ signInRisk: { state: 'reportOnly' } }, ['signInRisk.state']],
      [{ userRisk: { state: 'disabled' } }, ['userRisk.state']],
      [{ signInRisk: { level: 'high' } }, ['signInRisk.level']],
      [{ mfaRegistration: { gracePeriodDays: 30 } }, ['mfaRegistration.gracePeriodDays']],
      [{ userRisk: { include: { users: ['alice'], groups: ['staff'] } } }, ['userRisk.include.users']],
      [{ signInRisk: { exclude: { users: [], groups: ['contractors'] } } }, ['signInRisk.exclude.groups']],
      [{ mfaRegistration: { exclude: { users: ['breakglass', 'ceo'], groups: [] } } }, ['mfaRegistration.exclude.users']],
    ];
    for (const [over, paths] of cases) expect(weakenedPaths(SHIPPED, changed(over)), JSON.stringify(over)).toEqual(paths);
  });

  it('names a narrower named scope: a user or a group taken out of the include list', () => {
    const named = changed({ userRisk: { include: { users: ['alice', 'bob'], groups: ['staff', 'finance'] } } });
    expect(weakenedPaths(named, changed({ userRisk: { include: { users: ['ALICE'], groups: ['staff', 'finance'] } } }, named))).toEqual(['userRisk.include.users']);
    expect(weakenedPaths(named, changed({ userRisk: { include: { users: ['alice', 'bob'], groups: ['staff'] } } }, named))).toEqual(['userRisk.include.groups']);
    expect(weakenedPaths(named, changed({ userRisk: { include: { users: 'all', groups: [] } } }, named))).toEqual([]);
  });

  it('names fewer reset methods required and another way to prove a reset', () => {
    const strict = changed({ sspr: { methodsRequired: 2, methods: ['email', 'totp'] } });
    expect(weakenedPaths(strict, SHIPPED)).toEqual(['sspr.methodsRequired']);
    const appOnly = changed({ sspr: { methods: ['totp'] } });
    expect(weakenedPaths(appOnly, SHIPPED)).toEqual(['sspr.methods']);
  });

  it('lets through what strengthens, and the settings of a policy that is off', () => {
    expect(weakenedPaths(SHIPPED, SHIPPED)).toEqual([]);
    expect(weakenedPaths(SHIPPED, changed({ signInRisk: { level: 'low' }, mfaRegistration: { gracePeriodDays: 7, exclude: { users: [], groups: [] } } }))).toEqual([]);
    const off = changed({ signInRisk: { state: 'disabled' } });
    expect(weakenedPaths(off, changed({ signInRisk: { state: 'disabled', level: 'high', exclude: { users: ['x'], groups: [] } } }))).toEqual([]);
    expect(weakenedPaths(off, SHIPPED)).toEqual([]);
    // Switching a policy off is named once, by its state.
    expect(weakenedPaths(SHIPPED, changed({ signInRisk: { state: 'disabled', level: 'high' } }))).toEqual(['signInRisk.state']);
  });

  it('names a strength lowered from phishingResistant to mfa, and lets a raised one through', () => {
    const strict = changed({
      mfaRegistration: { strength: 'phishingResistant' }, signInRisk: { strength: 'phishingResistant' }, userRisk: { strength: 'phishingResistant' },
    });
    expect(weakenedPaths(SHIPPED, strict)).toEqual([]);
    expect(weakenedPaths(strict, SHIPPED)).toEqual(['mfaRegistration.strength', 'signInRisk.strength', 'userRisk.strength']);
    expect(weakenedPaths(strict, changed({ signInRisk: { strength: 'mfa' } }, strict))).toEqual(['signInRisk.strength']);
    // A policy switched off is named once, by its state, whatever its strength.
    expect(weakenedPaths(strict, changed({ userRisk: { state: 'disabled', strength: 'mfa' } }, strict))).toEqual(['userRisk.state']);
  });
});

describe('the strength field', () => {
  it('defaults to mfa when left out, and refuses anything but mfa or phishingResistant', () => {
    expect(SHIPPED.signInRisk.strength).toBe('mfa');
    expect(SHIPPED.userRisk.strength).toBe('mfa');
    expect(SHIPPED.mfaRegistration.strength).toBe('mfa');
    const wrong = policiesSchema.safeParse({ ...SHIPPED, signInRisk: { ...SHIPPED.signInRisk, strength: 'passkey' } });
    expect(wrong.success).toBe(false);
    expect(JSON.stringify(wrong.error?.issues)).toContain('strength');
    // The default never stands in for a missing switch: the policy's state must still be written.
    const noState = policiesSchema.safeParse({ ...SHIPPED, userRisk: { strength: 'phishingResistant' } });
    expect(noState.success).toBe(false);
  });
});
