/** Sentences several messages share, so the same situation is always worded the same way. */
import { paragraph } from './layout.ts';
import type { Block } from './layout.ts';

export function expiresIn(minutesValid: number): Block {
  if (!Number.isInteger(minutesValid) || minutesValid <= 0) throw new RangeError('minutesValid must be a positive integer');
  return paragraph(`The code expires in ${minutesValid} minute${minutesValid === 1 ? '' : 's'}.`);
}

export const ifThisWasYou: Block = paragraph('If this was you, there is nothing else to do.');

/** Security notifications point to the admin: end users cannot undo an attacker's change alone. */
export const ifThisWasNotYou: Block = paragraph(
  "If this wasn't you, contact your administrator right away: someone else may have access to your account.",
);
