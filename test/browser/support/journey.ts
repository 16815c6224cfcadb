/**
 * `browserJourneys(options)` — the one line at the top of every journey file. It starts the
 * stack (RP + Vigil + Chromium) for the file, opens fresh sessions on request, and after each
 * test closes them and fails the test if a session recorded a problem (a CSP violation or a
 * script error in the console, a page without Vigil's CSP header) or showed a Vigil page that
 * was never passed to `checkPage` (axe, 360 px, screenshots). With `mail: true` it also starts
 * a real SMTP server (test/support/smtp-sink.ts) before Vigil and points Vigil's SMTP_URL at it,
 * so a journey reads the mail a user would receive from `journeys.mail`.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TestApp, TestAppOptions } from '../../support/app.ts';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.ts';
import type { RelyingPartyApp } from './relying-party.ts';
import { openSession, type Session, type SessionOptions } from './session.ts';
import { startBrowserStack, type BrowserStack } from './stack.ts';

export interface Journeys {
  readonly stack: BrowserStack;
  readonly vigil: TestApp;
  readonly rp: RelyingPartyApp;
  /** The SMTP server Vigil sends its mail to (only with `mail: true`). */
  readonly mail: SmtpSink;
  /** A fresh browser session (no cookies); closed and audited after the test. */
  session(options?: SessionOptions): Promise<Session>;
}

export interface JourneyOptions extends TestAppOptions {
  /** Start an SMTP sink and send Vigil's mail to it (`journeys.mail`). */
  mail?: boolean;
}

export function browserJourneys(options: JourneyOptions): Journeys {
  let started: BrowserStack | undefined;
  let sink: SmtpSink | undefined;
  const open: Session[] = [];
  const minor = new Set<string>();

  const stack = (): BrowserStack => {
    if (!started) throw new Error('the browser stack is not running (use it inside a test)');
    return started;
  };

  beforeAll(async () => {
    const { mail, ...appOptions } = options;
    if (mail) sink = await startSmtpSink();
    started = await startBrowserStack(sink ? { ...appOptions, env: { ...appOptions.env, SMTP_URL: sink.url } } : appOptions);
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
    await sink?.stop();
  });

  return {
    get stack() { return stack(); },
    get vigil() { return stack().vigil; },
    get rp() { return stack().rp; },
    get mail() {
      if (!sink) throw new Error('no mail sink: use browserJourneys({ …, mail: true })');
      return sink;
    },
    async session(sessionOptions) {
      const session = await openSession(stack(), sessionOptions);
      open.push(session);
      return session;
    },
  };
}
