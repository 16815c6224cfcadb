/**
 * Chromium's virtual authenticator (DevTools protocol WebAuthn) for a session: a platform
 * authenticator with resident keys and user verification, answering without a prompt.
 */
import type { Session } from './session.ts';

export interface VirtualCredential { credentialId: string; rpId: string; signCount: number; isResidentCredential: boolean; userHandle?: string }

export interface VirtualAuthenticator {
  credentials(): Promise<VirtualCredential[]>;
  /** Whether the user "touches" it: off, a pending request (the login page's passkey autofill) waits unanswered. */
  presence(enabled: boolean): Promise<void>;
}

/** Adds the authenticator to the session's page, with its controls. */
export async function addVirtualAuthenticator(session: Session): Promise<VirtualAuthenticator> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
    presence: async (enabled) => { await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }); },
  };
}

/** Adds the authenticator to the session's page; returns a reader of the credentials it holds. */
export async function virtualAuthenticator(session: Session): Promise<() => Promise<VirtualCredential[]>> {
  const added = await addVirtualAuthenticator(session);
  return () => added.credentials();
}
