/** Strengths from the registry, and the acr a request gets for what a session proved. */
import { describe, expect, it } from 'vitest';
import { acrForRequest, amrMeetsAcr, strengthOfAcr } from '../../../src/oidc/acr-choice.ts';
import { MFA_ACR, PASSWORD_ACR, PHR_ACR, PHRH_ACR } from '../../../src/oidc/acr.ts';
import { meetsStrength, methodsMeeting, strengthOfAmr, strongerOf } from '../../../src/mfa/strength.ts';

const CODE = ['pwd', 'otp', 'mfa'];
const BOUND_KEY = ['pwd', 'hwk', 'user', 'mfa'];
const SYNCED_KEY = ['pwd', 'pop', 'user', 'mfa'];
const PASSWORDLESS = ['hwk', 'user', 'mfa'];

describe('strengths', () => {
  it('reads what a sign-in proved from its amr, through the registry', () => {
    expect(strengthOfAmr(['pwd'])).toBeNull();
    expect(strengthOfAmr(undefined)).toBeNull();
    expect(strengthOfAmr(CODE)).toBe('mfa');
    expect(strengthOfAmr(BOUND_KEY)).toBe('phishingResistant');
    expect(strengthOfAmr(SYNCED_KEY)).toBe('phishingResistant');
    expect(strengthOfAmr(PASSWORDLESS)).toBe('phishingResistant');
    // `hwk` without the user test is not a passkey's proof.
    expect(strengthOfAmr(['pwd', 'hwk', 'mfa'])).toBe('mfa');
  });

  it('orders them: phishing-resistant meets mfa, not the other way round', () => {
    expect(meetsStrength('phishingResistant', 'mfa')).toBe(true);
    expect(meetsStrength('mfa', 'phishingResistant')).toBe(false);
    expect(meetsStrength(null, 'mfa')).toBe(false);
    expect(strongerOf('mfa', 'phishingResistant')).toBe('phishingResistant');
    expect(strongerOf(undefined, 'mfa')).toBe('mfa');
    expect(methodsMeeting('phishingResistant').map((method) => method.id)).toEqual(['passkey']);
    expect(methodsMeeting('mfa').map((method) => method.id)).toEqual(['totp', 'recovery', 'passkey']);
  });
});

describe('the acr of a request', () => {
  it('knows the strength each class asks for', () => {
    expect([MFA_ACR, PHR_ACR, PHRH_ACR, PASSWORD_ACR, 'urn:other'].map(strengthOfAcr)).toEqual(['mfa', 'phishingResistant', 'phishingResistant', undefined, undefined]);
    expect(amrMeetsAcr(BOUND_KEY, PHRH_ACR)).toBe(true);
    expect(amrMeetsAcr(SYNCED_KEY, PHRH_ACR)).toBe(false);
    expect(amrMeetsAcr(SYNCED_KEY, PHR_ACR)).toBe(true);
    expect(amrMeetsAcr(CODE, PHR_ACR)).toBe(false);
  });

  it('reports phr/phrh only when asked for and proved, and the older classes as before', () => {
    expect(acrForRequest(CODE, [])).toBe(MFA_ACR);
    expect(acrForRequest(['pwd'], [])).toBe(PASSWORD_ACR);
    expect(acrForRequest(BOUND_KEY, [])).toBe(MFA_ACR);
    expect(acrForRequest(BOUND_KEY, [MFA_ACR])).toBe(MFA_ACR);
    expect(acrForRequest(BOUND_KEY, [PHR_ACR])).toBe(PHR_ACR);
    expect(acrForRequest(BOUND_KEY, [PHRH_ACR, PHR_ACR])).toBe(PHRH_ACR);
    expect(acrForRequest(SYNCED_KEY, [PHRH_ACR, PHR_ACR])).toBe(PHR_ACR);
    expect(acrForRequest(CODE, [PHR_ACR, MFA_ACR])).toBe(MFA_ACR);
    expect(acrForRequest(['pwd'], [PHR_ACR, PASSWORD_ACR])).toBe(PASSWORD_ACR);
    // The first class asked for and met wins, the older ones included.
    expect(acrForRequest(BOUND_KEY, [MFA_ACR, PHR_ACR])).toBe(MFA_ACR);
    expect(acrForRequest(PASSWORDLESS, [PHRH_ACR])).toBe(PHRH_ACR);
  });
});
