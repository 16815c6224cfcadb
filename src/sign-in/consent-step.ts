/** The consent step: oidc-provider's consent prompt (decision order step 6) and its page. */
import { showConsent, submitConsent } from './consent-page.ts';
import type { InteractionStep } from './interaction-step.ts';

export const consentStep: InteractionStep = {
  prompt: 'consent',
  show: showConsent,
  routes: [{ path: '/consent', handler: submitConsent }],
};
