/**
 * Password strength as an attacker would see it (zxcvbn-ts: dictionaries of leaked passwords,
 * keyboard walks, repeats, sequences, dates, l33t and the user's own details), for the strength
 * meter and for the "too predictable" rule. Never a composition rule: length and unpredictability
 * are what count, not character classes (NIST SP 800-63B §3.1.1.2).
 *
 * Feedback comes back as stable text-catalogue ids (`password.strength.warning.<key>`,
 * `password.strength.suggestion.<key>`) so the UI can word and translate them.
 */
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { normalizePassword } from './password-normalize.ts';

export interface StrengthReport {
  /** 0 (too guessable) … 4 (very unguessable), zxcvbn's scale. */
  score: Score;
  /** log10 of the estimated number of guesses an attacker needs. */
  guessesLog10: number;
  warningId: string | null;
  suggestionIds: string[];
}

let factory: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // Built on first use: ranking ~50k dictionary words takes a few tens of milliseconds.
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

/** `userInputs`: words an attacker would try for this user (username, e-mail, service name…). */
export function passwordStrength(password: string, userInputs: readonly string[] = []): StrengthReport {
  const inputs = userInputs.map((input) => normalizePassword(input).toLowerCase()).filter((input) => input !== '');
  const result = zxcvbn().check(normalizePassword(password), inputs);
  return {
    score: result.score,
    guessesLog10: result.guessesLog10,
    warningId: result.feedback.warning ? `password.strength.warning.${result.feedback.warning}` : null,
    suggestionIds: result.feedback.suggestions.map((key) => `password.strength.suggestion.${key}`),
  };
}
