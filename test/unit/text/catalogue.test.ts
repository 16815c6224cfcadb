/**
 * The catalogue merges each feature's texts.ts: an id defined by two features would silently take
 * the last one's words, so every id must come from exactly one place.
 */
import { describe, expect, it } from 'vitest';
import { adminConsoleTexts } from '../../../src/admin-console/texts.ts';
import { mfaTexts } from '../../../src/mfa/texts.ts';
import { noticeTexts } from '../../../src/notices/texts.ts';
import { resetTexts } from '../../../src/password/reset/texts.ts';
import { passwordTexts } from '../../../src/password/texts.ts';
import { securityInfoTexts } from '../../../src/security-info/texts.ts';
import { signInTexts } from '../../../src/sign-in/texts.ts';
import { catalogue } from '../../../src/text/catalogue.ts';

describe('the text catalogue', () => {
  it('takes every feature id from one place only', () => {
    const features = [adminConsoleTexts, mfaTexts, noticeTexts, resetTexts, passwordTexts, securityInfoTexts, signInTexts];
    const featureIds = features.flatMap((texts) => Object.keys(texts));
    expect(new Set(featureIds).size).toBe(featureIds.length);
    for (const id of featureIds) expect(Object.keys(catalogue)).toContain(id);
    const shared = Object.keys(catalogue).filter((id) => !featureIds.includes(id));
    expect(shared.every((id) => /^(app|common|home|error)\./.test(id))).toBe(true);
  });
});
