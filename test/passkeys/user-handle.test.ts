/**
 * The user handle in an assertion: a passkey registered before passkeys were discoverable, or an
 * authenticator that sends no handle, still verifies (at the MFA step, and found by its credential
 * when no user is named); a handle naming another user is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticationOptions, verifyAuthentication } from '../../src/mfa/passkeys/authentication.ts';
import { registrationOptions, verifyRegistration } from '../../src/mfa/passkeys/registration.ts';
import { relyingPartyOf } from '../../src/mfa/passkeys/relying-party.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { connect, disconnect } from '../risk/support.ts';

const rp = relyingPartyOf('https://id.example.test/', 'Vigil');
const now = new Date('2026-06-01T09:00:00Z');
const authenticator = new SoftwareAuthenticator(rp.origin);
let key: SoftwareCredential;

beforeAll(async () => {
  await connect('passkey-user-handle');
  const options = await registrationOptions({ rp, userId: 'u-handle', username: 'hana', boundTo: 's', now });
  if (!options.ok) throw new Error('no options');
  const { credential, json } = authenticator.create(options.options);
  expect((await verifyRegistration({ rp, userId: 'u-handle', boundTo: 's', name: 'Key', response: json, now })).ok).toBe(true);
  key = credential;
});
afterAll(disconnect);

async function assertion(userId: string | null, handle: string | null): Promise<unknown> {
  const options = await authenticationOptions({ rp, userId, boundTo: 's', now });
  const parsed = JSON.parse(authenticator.get(options, key)) as { response: Record<string, unknown> };
  if (handle === null) delete parsed.response.userHandle;
  else parsed.response.userHandle = handle;
  return verifyAuthentication({ rp, userId, boundTo: 's', response: JSON.stringify(parsed), now });
}

describe('the user handle', () => {
  it('is not needed at the MFA step or when the credential names the user', async () => {
    expect(await assertion('u-handle', null)).toMatchObject({ ok: true });
    expect(await assertion(null, null)).toMatchObject({ ok: true, passkey: { userId: 'u-handle' } });
  });

  it('refuses a handle that names someone else', async () => {
    expect(await assertion(null, Buffer.from('u-other').toString('base64url'))).toEqual({ ok: false, reason: 'UNKNOWN' });
  });
});
