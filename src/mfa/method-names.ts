/**
 * The names of MFA methods and strengths, on their own so configuration and metrics can use them
 * without reaching the registry (src/mfa/method.ts re-exports them; a method's hooks there name
 * the services, and the services name these).
 */

/** `phishingResistant`: bound to the site's origin, so a look-alike site cannot relay it (WebAuthn). */
export type MfaStrength = 'mfa' | 'phishingResistant';

/** Every method's id (a new method adds its own; metrics label results by it). */
export type MfaMethodId = 'totp' | 'recovery' | 'passkey';
