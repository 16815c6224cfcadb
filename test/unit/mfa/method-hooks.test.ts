/**
 * Security info and the MFA step take a method's own routes, scripts and checks from the
 * registry (its hooks): a WebAuthn-form method brings its ceremony, or the MFA page would offer
 * it with no form to run, and the MFA step mounts every method's step routes.
 */
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../src/mfa/method-registry.ts';
import { mfaStep } from '../../../src/mfa/mfa-step.ts';

describe('method hooks from the registry', () => {
  it('every WebAuthn-form method brings its MFA step ceremony (with its options route) and its security info proof', () => {
    const webauthn = METHODS.filter((method) => method.form === 'webauthn');
    expect(webauthn.map((method) => method.id)).toEqual(['passkey']);
    for (const method of webauthn) {
      expect(method.mfaStep?.routes.map((route) => route.path)).toContain(method.mfaStep?.optionsPath);
      expect(method.mfaStep?.scripts.length).toBeGreaterThan(0);
      expect(typeof method.proof).toBe('function');
    }
    // A code method needs neither: its check is the step's code check.
    expect(METHODS.filter((method) => method.form === 'code').some((method) => method.mfaStep || method.proof)).toBe(false);
  });

  it('the MFA step mounts its own form and every method\'s step routes, at the same paths as before', () => {
    expect(mfaStep.routes.map((route) => route.path)).toEqual(['/mfa', ...METHODS.flatMap((method) => method.mfaStep?.routes.map((route) => route.path) ?? [])]);
    expect(mfaStep.routes.map((route) => route.path)).toEqual(['/mfa', '/mfa/passkey-options']);
  });

  it('security info mounts the routes of the methods that have actions beyond Remove', () => {
    expect(METHODS.filter((method) => method.securityInfoRoutes).map((method) => method.id)).toEqual(['passkey']);
  });
});
