/**
 * The MFA methods, each behind one interface, and the one registry that answers "does this user
 * have MFA?" and "did this sign-in do MFA?" (README.md, "Multi-factor authentication"). A method
 * says what it yields in `amr` (RFC 8176) and how strong it is; adding one is a module and a line
 * in METHODS.
 */
import { deleteMethods, methodOf } from './authenticator-store.ts';
import { passkeysOf, removeAllPasskeys } from './passkeys/store.ts';
import type { TextId } from '../text/catalogue.ts';
import type { SecurityInfoRow } from './security-info-row.ts';
import { totpRows } from './totp/security-info-row.ts';
import { recoveryCodeRows } from './recovery-codes/security-info-row.ts';
import { passkeyRows } from './passkeys/security-info-rows.ts';

/** `phishingResistant`: bound to the site's origin, so a look-alike site cannot relay it (WebAuthn). */
export type MfaStrength = 'mfa' | 'phishingResistant';

export type MfaMethodId = 'totp' | 'recovery' | 'passkey';

/** What a method needs on a page that asks for it: a code box, or a WebAuthn ceremony. */
export type MfaForm = 'code' | 'webauthn';

/** How the registration interrupt offers a method: its button's action and words. */
export interface WizardChoice {
  action: string;
  /** The button when it is the first (primary) choice. */
  label: TextId;
  /** The button when another method is offered before it. */
  alternativeLabel: TextId;
}

export interface MfaMethod {
  id: MfaMethodId;
  label: TextId;
  /** RFC 8176 values a sign-in's `amr` gains when this method proves the second factor. */
  amr: readonly string[];
  strength: MfaStrength;
  /** Counts as the user's MFA on its own (recovery codes only back up an app). */
  standalone: boolean;
  /** Its form at the MFA step (recovery codes share the app's code form). */
  form: MfaForm;
  /** How the registration interrupt offers it; null when it comes with another (recovery codes with the app). */
  wizard: WizardChoice | null;
  has(userId: string): Promise<boolean>;
  /** Whether a sign-in's `amr` says this method proved its second factor. */
  proves(amr: readonly string[]): boolean;
  /** Removes every registration of this method the user has (an admin's `mfa reset`); how many. */
  removeAll(userId: string): Promise<number>;
  /** How the user's registrations of it show in security info (README.md, "Security info"). */
  securityInfoRows(userId: string): Promise<SecurityInfoRow[]>;
}

/** RFC 8176: `mfa` says more than one factor was proved; every method's `amr` ends with it. */
export const MFA_AMR_VALUE = 'mfa';

const totp: MfaMethod = {
  id: 'totp', label: 'securityInfo.method.totp', amr: ['otp', MFA_AMR_VALUE], strength: 'mfa', standalone: true,
  form: 'code', wizard: { action: 'register', label: 'registration.register', alternativeLabel: 'registration.appInstead' },
  has: async (userId) => (await methodOf(userId, 'totp')) !== null,
  proves: (amr) => amr.includes('otp'),
  removeAll: (userId) => deleteMethods(userId, ['totp']),
  securityInfoRows: totpRows,
};

const recovery: MfaMethod = {
  id: 'recovery', label: 'securityInfo.method.recovery', amr: ['otp', MFA_AMR_VALUE], strength: 'mfa', standalone: false,
  form: 'code', wizard: null,
  has: async (userId) => (await methodOf(userId, 'recovery')) !== null,
  proves: (amr) => amr.includes('otp'),
  removeAll: (userId) => deleteMethods(userId, ['recovery']),
  securityInfoRows: recoveryCodeRows,
};

/**
 * A passkey or security key: proof of possession of a hardware-secured key (`hwk`) with a user
 * presence test (`user`). A synced passkey lives in a cloud keychain, not one device's hardware:
 * it is reported as proof of possession of a key (`pop`), see passkeyAmr.
 */
const passkey: MfaMethod = {
  id: 'passkey', label: 'securityInfo.method.passkey', amr: ['hwk', 'user', MFA_AMR_VALUE], strength: 'phishingResistant', standalone: true,
  form: 'webauthn', wizard: { action: 'register-passkey', label: 'registration.registerPasskey', alternativeLabel: 'registration.passkeyInstead' },
  has: async (userId) => (await passkeysOf(userId)).length > 0,
  // A device-bound key says `hwk`, a synced one `pop` (passkeyAmr); both with the user test.
  proves: (amr) => amr.includes('user') && (amr.includes('hwk') || amr.includes('pop')),
  removeAll: (userId) => removeAllPasskeys(userId),
  securityInfoRows: passkeyRows,
};

export const METHODS: readonly MfaMethod[] = [totp, recovery, passkey];

export function mfaMethod(id: MfaMethodId): MfaMethod {
  const found = METHODS.find((method) => method.id === id);
  if (!found) throw new Error(`unknown MFA method ${id}`);
  return found;
}

/** Whether the user has a method that counts as MFA on its own. */
export async function hasMfaMethod(userId: string): Promise<boolean> {
  const answers = await Promise.all(METHODS.filter((method) => method.standalone).map((method) => method.has(userId)));
  return answers.includes(true);
}

/** The sign-in's `amr` after the password and this method. */
export function amrAfterPassword(amr: readonly string[]): string[] {
  return ['pwd', ...amr];
}

/** The amr a passkey yields: `hwk` for a device-bound key, `pop` for a synced one. */
export function passkeyAmr(deviceType: string): string[] {
  return deviceType === 'singleDevice' ? [...passkey.amr] : ['pop', 'user', MFA_AMR_VALUE];
}

/** Whether a session's `amr` says it did MFA (any method). */
export function didMfa(amr: ReadonlyArray<string> | undefined): boolean {
  return Boolean(amr?.includes(MFA_AMR_VALUE));
}
