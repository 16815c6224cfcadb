/**
 * A cloned authenticator raises the user's risk (src/risk/late-detection.ts): the detection added
 * to a recorded sign-in counts towards user risk; finishing that same sign-in with another method
 * (which remediates the attempt) does not clear it; the user's remediation closes it and the
 * sign-in with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { connect, disconnect, engineWith, signIn } from '../risk/support.ts';

beforeAll(() => connect('passkey-clone-risk'));
afterAll(disconnect);

const CLONE = { type: 'clonedAuthenticator' as const, level: 'high' as const, reason: 'counter did not increase' };

describe('a clonedAuthenticator detection', () => {
  it('raises user risk, survives the sign-in\'s remediation, and closes with the user\'s', async () => {
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    const engine = engineWith(clock);
    const { recorded } = await signIn(engine, { userId: 'u-clone' });
    expect(await engine.userRiskLevel('u-clone')).toBe('none');

    expect(await engine.recordLateDetection(recorded.eventId, CLONE)).toBe(true);
    expect(await engine.userRiskLevel('u-clone')).toBe('medium');
    await engine.remediateSignIn(recorded.eventId);
    expect(await engine.userRiskLevel('u-clone')).toBe('medium');

    clock.advance(60_000);
    const second = await signIn(engine, { userId: 'u-clone' });
    await engine.recordLateDetection(second.recorded.eventId, CLONE);
    expect(await engine.userRiskLevel('u-clone')).toBe('high');

    await engine.remediateUserRisk('u-clone');
    expect(await engine.userRiskLevel('u-clone')).toBe('none');
    const event = await SignInEvent.collection.findOne<SignInEventRecord>({ _id: second.recorded.eventId as never });
    expect(event?.riskState).toBe('remediated');
  });
});
