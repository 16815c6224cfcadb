/**
 * The single bootstrap for the browser journeys: the test relying party (listening first, so
 * its callback URL is known), a real Vigil on a real HTTP port and its own database (FerretDB
 * from test/support/global-setup.ts, or MONGODB_URI) whose clients.yaml also names that RP, and
 * Debian's Chromium driven by playwright-core (no browser download).
 *
 * Vigil is started exactly as test/support/app.ts `startTestApp` does — same settings, same
 * clients (plus the two browser clients), same policies default, same extra config `files`
 * (e.g. risk/anonymous-ips/tor.txt), same `env` handed to createApp (the risk engine's RISK_*
 * settings) — because startTestApp has no option for extra clients. If startTestApp changes how
 * it builds the app, change it here too.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mongoose from 'mongoose';
import { chromium, type Browser } from 'playwright-core';
import { createApp, ROOT } from '../../../src/app.ts';
import { ManualClock } from '../../../src/clock.ts';
import { loadSettings } from '../../../src/config/env.ts';
import { connectDatabase } from '../../../src/db/connect.ts';
import { silentLogger } from '../../../src/log.ts';
import { ALL_POLICIES_OFF, TEST_CLIENTS_YAML, type TestApp, type TestAppOptions } from '../../support/app.ts';
import { testDatabaseUri } from '../../support/database.ts';
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
  first_party: ${firstParty}`;
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

async function startVigil(options: TestAppOptions, rp: RelyingPartyApp): Promise<TestApp> {
  const configDir = mkdtempSync(join(tmpdir(), 'vigil-browser-config-'));
  writeFileSync(join(configDir, 'clients.yaml'), browserClientsYaml(rp));
  writeFileSync(join(configDir, 'policies.yaml'), options.policiesYaml ?? ALL_POLICIES_OFF);
  writeFileSync(join(configDir, 'breached-passwords.txt'), readFileSync(join(ROOT, 'config', 'breached-passwords.txt')));
  for (const [relative, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(configDir, relative)), { recursive: true });
    writeFileSync(join(configDir, relative), content);
  }

  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `http://127.0.0.1:${port}`;
  const databaseUri = testDatabaseUri(`browser${options.label}`);
  const env = {
    PORT: String(port),
    ISSUER: issuer,
    CONFIG_DIR: configDir,
    OUTBOX_DIR: join(configDir, 'outbox'),
    POLICY_POLL_MS: '200',
    ...options.env,
  };
  const settings = loadSettings(env);
  const clock = options.clock ?? new ManualClock(new Date());
  await connectDatabase(databaseUri, silentLogger);
  const app = await createApp({ settings, logger: silentLogger, clock, env });
  server.on('request', app.provider.callback());
  return {
    app,
    issuer,
    configDir,
    clock,
    settings,
    databaseUri,
    async close() {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
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
