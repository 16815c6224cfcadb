/**
 * The admin console signs in as an internal client that demands MFA with an essential acr claim,
 * and always from a fresh password and second factor, never from single sign-on.
 */
import { ESSENTIAL_MFA_CLAIMS } from '../oidc/acr.ts';
import { internalClient } from '../oidc/internal-client.ts';

export const adminConsoleSignIn = internalClient({
  clientId: 'vigil-admin-console',
  clientName: 'Admin console',
  basePath: '/admin',
  flowCookie: 'vigil_admin_flow',
  params: { claims: ESSENTIAL_MFA_CLAIMS, prompt: 'login' },
});
