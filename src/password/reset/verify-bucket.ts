/**
 * Which daily bucket of verification attempts a reset attempt counts in (VERIFY_PER_DAY each,
 * src/password/reset/limits.ts). An attempt from a device the account trusts — its signed device cookie is
 * among the devices the account completed trusted sign-ins from, as at sign-in — counts in a
 * bucket of its own, keyed by (account, device id); every other attempt shares the account's
 * bucket. So strangers can use up only the strangers' bucket, and the user can still reset from
 * any browser they have signed in from; guessing by strangers stays bounded as before.
 *
 * No enumeration: the account's risk profile is read by _id for every attempt, under the id no
 * user has when the flow has no user (as the sign-in does), and that profile never trusts a
 * device, so an unknown name takes the same path and the same reads as a real one.
 */
import { trustsDevice } from '../../risk/profile.ts';
import { readProfile } from '../../risk/profile-store.ts';
import type { ResetFlowRecord } from './reset-flow-record.ts';
import { NO_USER_ID } from '../../db/no-user.ts';

export async function verifyBucketOf(flow: Pick<ResetFlowRecord, 'accountKey' | 'userId'>, deviceId: string | undefined): Promise<string> {
  const profile = await readProfile(flow.userId ?? NO_USER_ID);
  return flow.userId && deviceId && trustsDevice(profile, deviceId) ? `${flow.accountKey}|device:${deviceId}` : flow.accountKey;
}
