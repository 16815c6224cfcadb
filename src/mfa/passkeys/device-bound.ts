/**
 * Device-bound keys: a passkey or security key whose private key never leaves one device's
 * hardware (WebAuthn device type `singleDevice`; `amr` `hwk`, see passkeyAmr), as opposed to a
 * synced passkey in a cloud keychain (`pop`). An app's essential `phrh` acr is met only by one
 * (README.md, "Authentication strengths"): the MFA step then offers and accepts these alone
 * (the passkey method's `hasDeviceBound`).
 */
import type { PasskeyRecord } from './passkey.ts';
import { passkeysOf } from './store.ts';

export function isDeviceBound(passkey: Pick<PasskeyRecord, 'deviceType'>): boolean {
  return passkey.deviceType === 'singleDevice';
}

export async function hasDeviceBoundPasskey(userId: string): Promise<boolean> {
  return (await passkeysOf(userId)).some(isDeviceBound);
}
