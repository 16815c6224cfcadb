/**
 * What a passkey proves in `amr` (RFC 8176): possession of a hardware-secured key (`hwk`) with a
 * user presence test (`user`). A synced passkey lives in a cloud keychain, not one device's
 * hardware: it is reported as proof of possession of a key (`pop`).
 */
import { MFA_AMR_VALUE } from '../method.ts';

export const DEVICE_BOUND_AMR: readonly string[] = ['hwk', 'user', MFA_AMR_VALUE];

/** The amr a passkey yields: `hwk` for a device-bound key, `pop` for a synced one. */
export function passkeyAmr(deviceType: string): string[] {
  return deviceType === 'singleDevice' ? [...DEVICE_BOUND_AMR] : ['pop', 'user', MFA_AMR_VALUE];
}
