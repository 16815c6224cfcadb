/**
 * One browser session (a fresh Chromium context: no cookies) with the checks every journey
 * gets for free:
 * - `checkPage(name)` on each Vigil page shown: axe-core finds no serious or critical violation
 *   at 1280x800 and at 360x740, the page does not scroll sideways at 360 px, and screenshots
 *   go to docs/screenshots/<name>-desktop.png and <name>-phone.png (test-results/browser-failures/
 *   when the page fails its checks);
 * - recorded as problems (the journey goes on; the test fails afterwards): a checked page served
 *   without Vigil's strict Content-Security-Policy (otherwise "no CSP violation" would prove
 *   nothing), every CSP violation reported in the console, every uncaught script error;
 * - every Vigil document shown is recorded, so `uncheckedPages()` can name pages nobody checked.
 *
 * axe is injected through the DevTools protocol (page.evaluate of axe.min.js) rather than a
 * <script> tag: Vigil's CSP (script-src 'self') rightly refuses an inline script, and bypassing
 * the CSP for the whole context would hide the violations this suite looks for.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../../../src/app.ts';
import type { BrowserStack } from './stack.ts';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 360, height: 740 } as const;
export const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');
/** Screenshots of pages that failed their checks go here instead, for debugging. */
export const FAILED_SCREENSHOT_DIR = join(ROOT, 'test-results', 'browser-failures');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

interface ShownPage {
  url: string;
  status: number;
  csp: string | undefined;
  checked: boolean;
}

/** What every Vigil page's Content-Security-Policy must contain (src/http/security-headers.ts). */
export const REQUIRED_CSP_DIRECTIVES = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"];

/** A URL without its query (which may hold an id_token_hint), for messages. */
export function shortUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

function cspProblems(csp: string | undefined): string[] {
  if (!csp) return ['was served without a Content-Security-Policy header'];
  const directives = csp.split(';').map((directive) => directive.trim().replace(/\s+/g, ' '));
  return REQUIRED_CSP_DIRECTIVES.filter((required) => !directives.includes(required))
    .map((required) => `was served with a Content-Security-Policy that lacks "${required}": ${csp}`);
}

export interface SessionOptions {
  /** Extra HTTP headers on every request (e.g. X-Forwarded-For for risky sign-ins). */
  headers?: Record<string, string>;
}

export interface CheckOptions {
  /** false: no screenshot (for pages broken on purpose by the suite's self-tests). */
  screenshot?: boolean;
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** axe (desktop and phone), no sideways scroll at 360 px, screenshots. Call on every Vigil page shown. */
  checkPage(name: string, options?: CheckOptions): Promise<void>;
  /** Runs axe on the current page as it is now; returns the serious and critical violations. */
  blockingViolations(): Promise<AxeViolation[]>;
  /**
   * Problems that do not stop the journey but fail the test afterwards: CSP violations and
   * script errors in the console, and checked pages served without Vigil's CSP header.
   */
  readonly problems: readonly string[];
  /** Returns the problems recorded so far and forgets them (for tests that provoke one on purpose). */
  takeProblems(): string[];
  /** Vigil pages shown but never passed to checkPage. */
  uncheckedPages(): string[];
  /** Violations of lesser impact (moderate, minor) seen by checkPage, for the report. */
  readonly minorViolations: readonly string[];
  close(): Promise<void>;
}

const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation (securitypolicyviolation event): ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
});`;

const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((violation) => ({
  id: violation.id,
  impact: violation.impact || null,
  help: violation.help,
  targets: violation.nodes.map((node) => node.target.join(' ')),
})))`;

export async function openSession(stack: BrowserStack, options: SessionOptions = {}): Promise<Session> {
  const context = await stack.browser.newContext({ viewport: DESKTOP, extraHTTPHeaders: options.headers });
  await context.addInitScript({ content: CSP_LISTENER });
  const page = await context.newPage();
  const problems: string[] = [];
  const minorViolations: string[] = [];
  const shown: ShownPage[] = [];

  page.on('console', (message) => {
    if (/content security policy|csp violation/i.test(message.text())) problems.push(`console on ${shortUrl(page.url())}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error on ${shortUrl(page.url())}: ${error.name}: ${error.message}`));
  page.on('response', (response) => {
    const request = response.request();
    if (!request.isNavigationRequest() || response.frame() !== page.mainFrame()) return;
    if (!response.url().startsWith(`${stack.vigil.issuer}/`)) return;
    const status = response.status();
    if (status >= 300 && status < 400) return;
    shown.push({ url: response.url(), status, csp: response.headers()['content-security-policy'], checked: false });
  });

  async function blockingViolations(): Promise<AxeViolation[]> {
    if (await page.evaluate<boolean>('typeof window.axe === "undefined"')) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate<AxeViolation[]>(AXE_RUN);
    for (const violation of violations.filter((v) => !BLOCKING_IMPACTS.has(v.impact ?? ''))) {
      minorViolations.push(`${new URL(page.url()).pathname}: ${violation.id} (${violation.impact ?? 'no impact'}) ${violation.help} — ${violation.targets.join(', ')}`);
    }
    return violations.filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''));
  }

  function describe(violations: AxeViolation[]): string {
    return violations.map((v) => `  ${v.id} (${v.impact ?? '?'}): ${v.help}\n    at ${v.targets.join('\n    at ')}`).join('\n');
  }

  async function checkAt(name: string, size: typeof DESKTOP | typeof PHONE, label: 'desktop' | 'phone', screenshot: boolean): Promise<string[]> {
    await page.setViewportSize(size);
    const failures: string[] = [];
    const violations = await blockingViolations();
    if (violations.length > 0) failures.push(`axe at ${label} width:\n${describe(violations)}`);
    if (label === 'phone') {
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (scrollWidth > size.width) failures.push(`scrolls sideways at ${size.width} px (scrollWidth ${scrollWidth})`);
    }
    if (screenshot) {
      const directory = failures.length === 0 ? SCREENSHOT_DIR : FAILED_SCREENSHOT_DIR;
      mkdirSync(directory, { recursive: true });
      await page.screenshot({ path: join(directory, `${name}-${label}.png`), fullPage: true });
    }
    return failures;
  }

  return {
    context,
    page,
    problems,
    takeProblems() {
      return problems.splice(0);
    },
    minorViolations,
    blockingViolations,
    async checkPage(name, options = {}) {
      const screenshot = options.screenshot ?? true;
      await page.waitForLoadState('load');
      const current = page.url();
      const document = shown.findLast((entry) => entry.url === current);
      if (!document) throw new Error(`checkPage("${name}"): ${shortUrl(current)} is not a page Vigil served in this session`);
      problems.push(...cspProblems(document.csp).map((problem) => `page "${name}" (${shortUrl(current)}) ${problem}`));
      const failures = [...await checkAt(name, DESKTOP, 'desktop', screenshot), ...await checkAt(name, PHONE, 'phone', screenshot)];
      await page.setViewportSize(DESKTOP);
      for (const entry of shown) if (entry.url === current) entry.checked = true;
      if (failures.length > 0) throw new Error(`page "${name}" (${shortUrl(current)}) fails its checks:\n${failures.join('\n')}`);
    },
    uncheckedPages() {
      return shown.filter((entry) => !entry.checked).map((entry) => `${entry.status} ${shortUrl(entry.url)}`);
    },
    async close() {
      await context.close();
    },
  };
}
