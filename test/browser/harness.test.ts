/**
 * The suite's own checks can fail: a CSP violation is caught, a page served without the CSP
 * is refused, axe flags a serious problem, a page wider than the phone is caught, and a Vigil
 * page nobody checked is named.
 */
import { describe, expect, it } from 'vitest';
import { browserJourneys } from './support/journey.ts';
import { expectLoginPage, startSignIn } from './support/pages.ts';
import type { Session } from './support/session.ts';

const journeys = browserJourneys({ label: 'harness' });

async function loginPage(): Promise<Session> {
  const session = await journeys.session();
  await startSignIn(journeys, session);
  await expectLoginPage(session);
  return session;
}

describe('the checks themselves', () => {
  it('record a CSP violation (an inline script on a Vigil page)', async () => {
    const session = await loginPage();
    await expect(session.page.addScriptTag({ content: 'window.injected = true;' })).rejects.toThrow(/Content Security Policy/);
    await expect.poll(() => session.problems.length).toBeGreaterThan(0);
    // Taken here because it was provoked on purpose; otherwise the after-test audit fails the test.
    expect(session.takeProblems().join('\n')).toMatch(/script-src/);
  });

  it('refuse a page served without the Content-Security-Policy header', async () => {
    const session = await loginPage();
    // Routes see the first request of a redirect chain only, so the login page is loaded again.
    await session.page.route('**/interaction/**', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    await session.page.reload();
    await session.checkPage('harness-no-csp', { screenshot: false });
    expect(session.takeProblems()).toEqual([expect.stringMatching(/served without a Content-Security-Policy header/)]);
  });

  it('axe reports a serious violation, and checkPage fails on it and on sideways scrolling', async () => {
    const session = await loginPage();
    await session.page.evaluate(`(() => {
      document.querySelectorAll('label').forEach((label) => label.remove());
      const wide = document.createElement('div');
      wide.style.width = '2000px';
      wide.textContent = 'wide';
      document.querySelector('main').append(wide);
    })()`);
    const ids = (await session.blockingViolations()).map((violation) => violation.id);
    expect(ids).toContain('label');
    await expect(session.checkPage('harness-broken', { screenshot: false })).rejects.toThrow(/label[\s\S]*scrolls sideways at 360 px/);
  });

  it('name a Vigil page that was shown but not checked', async () => {
    const session = await journeys.session();
    await session.page.goto(`${journeys.vigil.issuer}/interaction/unchecked`);
    expect(session.uncheckedPages()).toEqual([`400 ${journeys.vigil.issuer}/interaction/unchecked`]);
    await session.checkPage('expired', { screenshot: false });
    expect(session.uncheckedPages()).toEqual([]);
  });
});
