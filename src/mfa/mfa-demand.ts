/**
 * What an MFA step demands, as its prompt's details say (src/mfa/mfa-step.ts): how strong the
 * MFA must be, and whether only a key bound to one device's hardware will do (an essential `phrh`,
 * README.md, "Authentication strengths"). The page offers, and the checks accept, only what meets it.
 */
import type { MfaStrength } from './method-names.ts';

export function demandedStrength(details: unknown): MfaStrength {
  return typeof details === 'object' && details !== null && (details as { strength?: unknown }).strength === 'phishingResistant' ? 'phishingResistant' : 'mfa';
}

export function deviceBoundDemanded(details: unknown): boolean {
  return typeof details === 'object' && details !== null && (details as { deviceBound?: unknown }).deviceBound === true;
}
