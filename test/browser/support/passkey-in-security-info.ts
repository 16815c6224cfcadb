/**
 * The start several passkey journeys share: open security info, sign in with the password, add a
 * passkey under a name, and wait for the notice — each page checked under the journey's names.
 */
import { DEFAULT_PASSWORD } from '../../support/users.ts';
import type { Journeys } from './journey.ts';
import { action, onVigil, submitLogin } from './pages.ts';
import type { Session } from './session.ts';

export interface PasskeyPageNames {
  login: string;
  securityInfo: string;
  added: string;
}

export async function addPasskeyInSecurityInfo(journeys: Journeys, session: Session, username: string, keyName: string, pages: PasskeyPageNames): Promise<void> {
  const { page } = session;
  await page.goto(`${journeys.vigil.issuer}/security-info`);
  await onVigil(journeys, session, '/interaction/');
  await session.checkPage(pages.login, { screenshot: false });
  await submitLogin(session, username, DEFAULT_PASSWORD);
  await onVigil(journeys, session, '/security-info');
  await session.checkPage(pages.securityInfo, { screenshot: false });
  await page.getByLabel('Name (so you can tell your keys apart)').fill(keyName);
  await action(page, 'add-passkey').click();
  await page.locator('p.notice[role="status"]').waitFor();
  await session.checkPage(pages.added, { screenshot: false });
}
