/**
 * The MFA methods and the one registry that answers "does this user have MFA?" and "did this
 * sign-in do MFA?" (README.md, "Multi-factor authentication"). Each method is an MfaMethod
 * (src/mfa/method.ts) in its own folder; adding one is that folder and a line in BUILT_IN_METHODS.
 *
 * METHODS is what every question reads. It is BUILT_IN_METHODS unless the app was started with
 * others (createApp's `methods`, src/app.ts): one registry per process, set at boot before any
 * request, so a test can add a method it defines (docs/ARCHITECTURE.md, "An MFA method").
 */
import { MFA_AMR_VALUE, type MfaMethod, type MfaMethodId } from './method.ts';
import { totpMethod } from './totp/method.ts';
import { recoveryCodesMethod } from './recovery-codes/method.ts';
import { passkeyMethod } from './passkeys/method.ts';

export type { MfaForm, MfaMethod, MfaMethodId, MfaStrength, WizardChoice } from './method.ts';
export { MFA_AMR_VALUE };
export { passkeyAmr } from './passkeys/method.ts';

export const BUILT_IN_METHODS: readonly MfaMethod[] = [
  totpMethod,
  recoveryCodesMethod,
  passkeyMethod,
];

/** The registry (an ES module live binding: importers read the value configureMethods set). */
export let METHODS: readonly MfaMethod[] = BUILT_IN_METHODS;

/** Sets the registry; createApp calls it once at boot. Ids must be unique (each names its metrics, rows and routes). */
export function configureMethods(methods: readonly MfaMethod[]): void {
  const ids = methods.map((method) => method.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new Error(`MFA method ${repeated} is in the registry twice`);
  METHODS = methods;
}

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

/** Whether a session's `amr` says it did MFA (any method). */
export function didMfa(amr: ReadonlyArray<string> | undefined): boolean {
  return Boolean(amr?.includes(MFA_AMR_VALUE));
}
