import { describe, it, expect } from 'vitest';
import { passwordStrength } from '../../../src/password/password-strength.ts';

describe('passwordStrength', () => {
  it('scores a top-ten password 0 with a catalogue warning id', () => {
    const report = passwordStrength('password');
    expect(report.score).toBe(0);
    expect(report.warningId).toBe('password.strength.warning.topTen');
    expect(report.suggestionIds).toContain('password.strength.suggestion.anotherWord');
  });

  it('scores a long passphrase 4 with no warning', () => {
    const report = passwordStrength('correct horse battery staple');
    expect(report.score).toBe(4);
    expect(report.warningId).toBeNull();
    expect(report.suggestionIds).toEqual([]);
  });

  it('counts the user\'s own details as easy guesses', () => {
    const withName = passwordStrength('alice2024!', ['Alice']);
    const without = passwordStrength('alice2024!');
    expect(withName.guessesLog10).toBeLessThan(without.guessesLog10);
    expect(withName.warningId).toBe('password.strength.warning.userInputs');
  });
});
