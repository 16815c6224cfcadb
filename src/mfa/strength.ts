/**
 * Authentication strengths (README.md, "Authentication strengths"): what a policy or an app may
 * demand of a sign-in's MFA. `mfa` is met by any method, `phishingResistant` only by a method
 * whose registry strength says so (a passkey or security key, bound to Vigil's origin). Every
 * question about strengths asks the registry here, never a method by name.
 */
import { METHODS, MFA_AMR_VALUE, type MfaMethod, type MfaStrength, type WizardChoice } from './method-registry.ts';

export type { MfaStrength } from './method-registry.ts';

const RANK: Record<MfaStrength, number> = { mfa: 0, phishingResistant: 1 };

/** Whether what was proved (null: no MFA) meets what is demanded. */
export function meetsStrength(proved: MfaStrength | null | undefined, demanded: MfaStrength): boolean {
  return proved !== null && proved !== undefined && RANK[proved] >= RANK[demanded];
}

/** The stronger of two demands (undefined: none). */
export function strongerOf(a: MfaStrength | undefined, b: MfaStrength | undefined): MfaStrength | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** The methods whose strength meets the demand, in registry order. */
export function methodsMeeting(demanded: MfaStrength): MfaMethod[] {
  return METHODS.filter((method) => meetsStrength(method.strength, demanded));
}

/** The strongest strength a sign-in's `amr` proves (null: it did no MFA). */
export function strengthOfAmr(amr: readonly string[] | undefined): MfaStrength | null {
  if (!amr?.length) return null;
  // `mfa` without a method that claims it (a later method, an older session) is still MFA.
  let best: MfaStrength | null = amr.includes(MFA_AMR_VALUE) ? 'mfa' : null;
  for (const method of METHODS) {
    if (method.proves(amr) && (best === null || RANK[method.strength] > RANK[best])) best = method.strength;
  }
  return best;
}

/** The methods the user has that count on their own and meet the demand, in registry order. */
export async function methodsOfStrength(userId: string, demanded: MfaStrength): Promise<MfaMethod[]> {
  const candidates = methodsMeeting(demanded).filter((method) => method.standalone);
  const answers = await Promise.all(candidates.map((method) => method.has(userId)));
  return candidates.filter((_, i) => answers[i]);
}

/** Whether the user has a method that counts on its own and meets the demand. */
export async function hasMethodOfStrength(userId: string, demanded: MfaStrength): Promise<boolean> {
  return (await methodsOfStrength(userId, demanded)).length > 0;
}

/** A method the registration interrupt offers with a button of its own. */
export type OfferedMethod = MfaMethod & { registration: { choice: WizardChoice } };

/** The methods the registration interrupt offers under a demand: the first is its primary choice. */
export function wizardChoices(demanded: MfaStrength): OfferedMethod[] {
  return methodsMeeting(demanded).filter((method): method is OfferedMethod => method.registration.choice !== null);
}

/** Whether a code (the app's or a recovery code) can meet the demand. */
export function codesMeet(demanded: MfaStrength): boolean {
  return methodsMeeting(demanded).some((method) => method.form === 'code');
}
