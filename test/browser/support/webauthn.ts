/**
 * Chromium's virtual authenticator (DevTools protocol WebAuthn) for a session: a platform
 * authenticator with resident keys and user verification, answering without a prompt.
 */
import type { Session } from './session.ts';

export interface VirtualCredential { credentialId: string; rpId: string; signCount: number; isResidentCredential: boolean; userHandle?: string }

/** Adds the authenticator to the session's page; returns a reader of the credentials it holds. */
export async function virtualAuthenticator(session: Session): Promise<() => Promise<VirtualCredential[]>> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[];
}
