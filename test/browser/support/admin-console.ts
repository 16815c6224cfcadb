/**
 * The admin console's sign-in as the console journeys take it: /admin sends the browser to Vigil's
 * login, the admin's password, then a code from their authenticator app, back to the overview.
 */
import { nextStep, totpNow } from '../../support/mfa.ts';
import { DEFAULT_PASSWORD } from '../../support/users.ts';
import type { Journeys } from './journey.ts';
import { action, expectHeading, field, onVigil, submitLogin } from './pages.ts';
import type { Session } from './session.ts';

export async function signInToConsole(journeys: Journeys, session: Session, username: string, totpSecret: string): Promise<void> {
  const { page } = session;
  await page.goto(`${journeys.vigil.issuer}/admin`);
  await onVigil(journeys, session, '/interaction/');
  await expectHeading(page, 'Sign in');
  await session.checkPage('admin-sign-in', { screenshot: false });
  await submitLogin(session, username, DEFAULT_PASSWORD);
  await field(page, 'one-time-code').waitFor();
  await session.checkPage('admin-sign-in-mfa', { screenshot: false });
  nextStep(journeys.vigil);
  await field(page, 'one-time-code').fill(totpNow(journeys.vigil, totpSecret));
  await action(page, 'verify').click();
  await onVigil(journeys, session, '/admin');
}
