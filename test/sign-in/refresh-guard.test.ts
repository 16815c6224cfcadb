/** The refresh grant's share of the sign-in decision: user risk the policy enforces on refuses it, read only when covered. */
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { POLICIES_OFF, policiesSchema } from '../../src/policy/schema.ts';
import type { ActivePolicies } from '../../src/policy/active-policies.ts';
import type { RiskLevel } from '../../src/risk/level.ts';
import { refreshGuard } from '../../src/sign-in/refresh-guard.ts';
import type { UserRecord } from '../../src/users/user.ts';

const user = (username: string): UserRecord => ({ _id: new Types.ObjectId(), username, groups: [], disabled: false }) as unknown as UserRecord;

function guard(userRisk: object, level: RiskLevel) {
  const reads: string[] = [];
  const policies = { current: policiesSchema.parse({ ...POLICIES_OFF, userRisk }) } as ActivePolicies;
  const allowed = refreshGuard({ policies, userRiskLevel: async (userId) => { reads.push(userId); return level; } });
  return { allowed, reads };
}

describe('the refresh guard', () => {
  it('refuses a user whose risk the policy enforces on, allows below the level or report-only', async () => {
    expect(await guard({ state: 'enabled', level: 'high' }, 'high').allowed(user('ada'))).toBe(false);
    expect(await guard({ state: 'enabled', level: 'high' }, 'medium').allowed(user('ada'))).toBe(true);
    expect(await guard({ state: 'reportOnly', level: 'low' }, 'high').allowed(user('ada'))).toBe(true);
  });

  it('reads the user\'s risk only when the policy covers them (a refresh grant is hot)', async () => {
    const off = guard({ state: 'disabled', level: 'low' }, 'high');
    expect(await off.allowed(user('ada'))).toBe(true);
    const excluded = guard({ state: 'enabled', level: 'low', exclude: { users: ['breakglass'] } }, 'high');
    expect(await excluded.allowed(user('breakglass'))).toBe(true);
    expect([...off.reads, ...excluded.reads]).toEqual([]);
  });
});
