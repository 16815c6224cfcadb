/**
 * `browserJourneys(options)` — the one line at the top of every journey file. It starts the
 * stack (RP + Vigil + Chromium) for the file, opens fresh sessions on request, and after each
 * test closes them and fails the test if a session recorded a problem (a CSP violation or a
 * script error in the console, a page without Vigil's CSP header) or showed a Vigil page that
 * was never passed to `checkPage` (axe, 360 px, screenshots).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TestApp, TestAppOptions } from '../../support/app.ts';
import type { RelyingPartyApp } from './relying-party.ts';
import { openSession, type Session, type SessionOptions } from './session.ts';
import { startBrowserStack, type BrowserStack } from './stack.ts';

export interface Journeys {
  readonly stack: BrowserStack;
  readonly vigil: TestApp;
  readonly rp: RelyingPartyApp;
  /** A fresh browser session (no cookies); closed and audited after the test. */
  session(options?: SessionOptions): Promise<Session>;
}

export function browserJourneys(options: TestAppOptions): Journeys {
  let started: BrowserStack | undefined;
  const open: Session[] = [];
  const minor = new Set<string>();

  const stack = (): BrowserStack => {
    if (!started) throw new Error('the browser stack is not running (use it inside a test)');
    return started;
  };

  beforeAll(async () => {
    started = await startBrowserStack(options);
  });

  afterEach(async (context) => {
    const failedAlready = (context.task.result?.errors?.length ?? 0) > 0;
    const problems: string[] = [];
    for (const session of open.splice(0)) {
      problems.push(...session.problems);
      if (!failedAlready) problems.push(...session.uncheckedPages().map((page) => `page shown but not checked (call checkPage): ${page}`));
      for (const violation of session.minorViolations) minor.add(violation);
      await session.close();
    }
    if (problems.length > 0) throw new Error(`browser session problems:\n  ${problems.join('\n  ')}`);
  });

  afterAll(async () => {
    if (minor.size > 0) console.info(`axe, moderate/minor (not blocking):\n  ${[...minor].join('\n  ')}`);
    await started?.close();
  });

  return {
    get stack() { return stack(); },
    get vigil() { return stack().vigil; },
    get rp() { return stack().rp; },
    async session(sessionOptions) {
      const session = await openSession(stack(), sessionOptions);
      open.push(session);
      return session;
    },
  };
}
