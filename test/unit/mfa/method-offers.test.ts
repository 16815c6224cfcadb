/**
 * What the MFA step, the registration interrupt and the password reset offer comes from the
 * registry: each method says its form (a code box or a WebAuthn ceremony), how the interrupt
 * offers and registers it, and how the reset asks for it.
 */
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../src/mfa/method-registry.ts';
import { codesMeet, wizardChoices } from '../../../src/mfa/strength.ts';
import { totpMethod } from '../../../src/mfa/totp/method.ts';
import { recoveryCodesMethod } from '../../../src/mfa/recovery-codes/method.ts';
import { passkeyMethod } from '../../../src/mfa/passkeys/method.ts';

describe('method offers from the registry', () => {
  it('the wizard offers the methods a strength accepts that register on their own, first the primary', () => {
    expect(wizardChoices('mfa').map((method) => method.registration.choice.action)).toEqual(['register', 'register-passkey']);
    expect(wizardChoices('phishingResistant').map((method) => method.registration.choice.action)).toEqual(['register-passkey']);
    // Recovery codes come with the app: never a choice of their own.
    expect(wizardChoices('mfa').some((method) => method.id === 'recovery')).toBe(false);
  });

  it('a code is accepted only where a code method meets the demand', () => {
    expect(codesMeet('mfa')).toBe(true);
    expect(codesMeet('phishingResistant')).toBe(false);
  });

  it('every method names its form, and only a method that counts on its own is a wizard choice', () => {
    for (const method of METHODS) {
      expect(['code', 'webauthn']).toContain(method.form);
      if (method.registration.choice) expect(method.standalone).toBe(true);
    }
  });

  it('every method brings its own choice for the password reset, each with its own words', () => {
    expect(METHODS.map((method) => method.resetLabel)).toEqual(['reset.choose.totp', 'reset.choose.recovery', 'reset.choose.passkey']);
    for (const method of METHODS) expect(typeof method.resetCheck).toBe('function');
  });

  it('each method says how it is registered: the app in the wizard (its flow begun with its secret) with its recovery codes after it, a passkey on its own page', () => {
    expect('wizard' in totpMethod.registration && totpMethod.registration.wizard.followedBy).toBe('recovery');
    expect('wizard' in totpMethod.registration && totpMethod.registration.wizard.begin).toBeTypeOf('function');
    expect('wizard' in recoveryCodesMethod.registration && recoveryCodesMethod.registration.wizard.begin).toBeUndefined();
    expect('page' in passkeyMethod.registration && passkeyMethod.registration.page.routes.map((route) => route.path)).toEqual(['/registration/passkey-options']);
    // A wizard page only ever met after another is no choice of its own.
    for (const method of METHODS) {
      if (!('wizard' in method.registration)) continue;
      const followsAnother = METHODS.some((other) => 'wizard' in other.registration && other.registration.wizard.followedBy === method.id);
      expect(followsAnother).toBe(method.registration.choice === null);
    }
  });

  it('each method\'s reset form is of the kind of its MFA form: a code box for a code, a ceremony for WebAuthn', () => {
    expect(METHODS.map((method) => [method.form, method.resetForm.kind])).toEqual([['code', 'code'], ['code', 'code'], ['webauthn', 'webauthn']]);
    expect(METHODS.map((method) => method.resetForm.title)).toEqual(['reset.verify.title', 'reset.verify.recoveryTitle', 'reset.verify.passkeyTitle']);
  });

  it('the registry lists the entry of each method from its own folder, once', () => {
    expect(METHODS).toEqual([totpMethod, recoveryCodesMethod, passkeyMethod]);
    expect(new Set(METHODS.map((method) => method.id)).size).toBe(METHODS.length);
  });
});
