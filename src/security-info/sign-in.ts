/** Security info signs in as an internal client (README "Security info"): every policy applies. */
import { internalClient } from '../oidc/internal-client.ts';

export const securityInfoSignIn = internalClient({
  clientId: 'vigil-security-info',
  clientName: 'Security info',
  basePath: '/security-info',
  flowCookie: 'vigil_security_info_flow',
});
