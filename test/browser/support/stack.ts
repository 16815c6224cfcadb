/**
 * The single bootstrap for the browser journeys: the test relying party (listening first, so
 * its callback URL is known), a real Vigil on a real HTTP port and its own database (FerretDB
 * from test/support/global-setup.ts, or MONGODB_URI) whose clients.yaml also names that RP, and
 * Debian's Chromium driven by playwright-core (no browser download).
 *
 * Vigil is started by test/support/app.ts `startTestApp`, with the browser clients added to
 * its clients.yaml.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, TEST_CLIENTS_YAML, type TestApp, type TestAppOptions } from '../../support/app.ts';
import { startRelyingParty, type RelyingPartyApp, type RpClient } from './relying-party.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The relying parties the browser signs in to; `key` is what RelyingPartyApp.startUrl takes. */
export const FIRST_PARTY = { key: 'first-party', clientId: 'browser-portal', clientSecret: 'browser-portal-secret-0123456789', name: 'Northwind Portal' } as const;
export const THIRD_PARTY = { key: 'third-party', clientId: 'browser-partner', clientSecret: 'browser-partner-secret-0123456789', name: 'Fabrikam Planner' } as const;
const RP_CLIENTS: RpClient[] = [FIRST_PARTY, THIRD_PARTY];

function browserClientsYaml(rp: RelyingPartyApp): string {
  const entry = (client: typeof FIRST_PARTY | typeof THIRD_PARTY, firstParty: boolean) => `
- client_id: ${client.clientId}
  client_name: ${client.name}
  client_secret: ${client.clientSecret}
  redirect_uris: [${rp.callbackUrl}]
  post_logout_redirect_uris: [${rp.signedOutUrl}]
  first_party: ${firstParty}${firstParty ? `
  client_uri: ${rp.signedOutUrl}` : ''}`;
  return `${TEST_CLIENTS_YAML}${entry(FIRST_PARTY, true)}${entry(THIRD_PARTY, false)}\n`;
}

export interface BrowserStack {
  vigil: TestApp;
  rp: RelyingPartyApp;
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get install -y chromium) to run the browser journeys`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

function startVigil(options: TestAppOptions, rp: RelyingPartyApp): Promise<TestApp> {
  // The admin console journeys sign their admin in with an authenticator app: the console takes
  // any MFA here unless a journey's options ask for more (ADMIN_MFA_STRENGTH, README.md).
  const env = { ADMIN_MFA_STRENGTH: 'mfa', ...options.env };
  return startTestApp({ ...options, env, label: `browser${options.label}`, clientsYaml: browserClientsYaml(rp) });
}

/** Starts Chromium, the RP, then Vigil (knowing the RP's callback). Close it in afterAll. */
export async function startBrowserStack(options: TestAppOptions): Promise<BrowserStack> {
  const browser = await launchChromium();
  let rp: RelyingPartyApp | undefined;
  let vigil: TestApp | undefined;
  try {
    rp = await startRelyingParty();
    vigil = await startVigil(options, rp);
    await rp.connect(vigil.issuer, RP_CLIENTS);
  } catch (error) {
    await vigil?.close();
    await rp?.close();
    await browser.close();
    throw error;
  }
  const started = { vigil, rp };
  return {
    ...started,
    browser,
    async close() {
      await browser.close();
      await started.rp.close();
      await started.vigil.close();
    },
  };
}
