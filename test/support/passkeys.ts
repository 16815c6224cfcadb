/**
 * A user's passkey registered as security info registers one (a challenge, the software
 * authenticator's answer), for tests that sign in with it.
 */
import { registrationOptions, verifyRegistration } from '../../src/mfa/passkeys/registration.ts';
import { relyingPartyOf } from '../../src/mfa/passkeys/relying-party.ts';
import type { TestApp } from './app.ts';
import type { SoftwareAuthenticator, SoftwareCredential } from './software-authenticator.ts';

export async function registerPasskey(vigil: TestApp, authenticator: SoftwareAuthenticator, user: { _id: { toString(): string }; username: string }): Promise<SoftwareCredential> {
  const rp = relyingPartyOf(vigil.issuer, 'Vigil');
  const userId = user._id.toString();
  const started = await registrationOptions({ rp, userId, username: user.username, boundTo: 'test', now: vigil.clock.now() });
  if (!started.ok) throw new Error('no registration options');
  const { credential, json } = authenticator.create(started.options);
  const registered = await verifyRegistration({ rp, userId, boundTo: 'test', name: 'Test key', response: json, now: vigil.clock.now() });
  if (!registered.ok) throw new Error(`registration failed: ${registered.reason}`);
  return credential;
}
