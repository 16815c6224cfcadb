/**
 * The single bootstrap for integration tests: a real Vigil on a real HTTP port, on its own
 * database (FerretDB from global-setup, or MONGODB_URI), with its own config folder and an
 * injectable clock. Tests talk to it over HTTP only.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mongoose from 'mongoose';
import { createApp, ROOT, VIEWS_DIR, type App } from '../../src/app.ts';
import type { InteractionStep } from '../../src/sign-in/interaction-step.ts';
import type { MfaMethod } from '../../src/mfa/method.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadSettings, type Settings } from '../../src/config/env.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { demoRouter } from '../../src/demo/demo-app.ts';
import { silentLogger } from '../../src/log.ts';
import { testDatabaseUri } from './database.ts';
import { policiesYaml } from './policies.ts';

export const TEST_REDIRECT_URI = 'http://rp.test/callback';
export const TEST_POST_LOGOUT_URI = 'http://rp.test/signed-out';
export const WEB_CLIENT = { id: 'test-web', secret: 'test-web-secret-0123456789' } as const;
export const PUBLIC_CLIENT = { id: 'test-spa' } as const;
export const THIRD_PARTY_CLIENT = { id: 'third-party', secret: 'third-party-secret-0123456789' } as const;
export const SERVICE_CLIENT = { id: 'test-service', secret: 'test-service-secret-0123456' } as const;

export const TEST_CLIENTS_YAML = `
- client_id: ${WEB_CLIENT.id}
  client_name: Test Web
  client_secret: ${WEB_CLIENT.secret}
  redirect_uris: [${TEST_REDIRECT_URI}]
  post_logout_redirect_uris: [${TEST_POST_LOGOUT_URI}]
  first_party: true
- client_id: ${PUBLIC_CLIENT.id}
  client_name: Test SPA
  token_endpoint_auth_method: none
  redirect_uris: [${TEST_REDIRECT_URI}]
  first_party: true
- client_id: ${THIRD_PARTY_CLIENT.id}
  client_name: Third Party App
  client_secret: ${THIRD_PARTY_CLIENT.secret}
  redirect_uris: [${TEST_REDIRECT_URI}]
- client_id: ${SERVICE_CLIENT.id}
  client_secret: ${SERVICE_CLIENT.secret}
  grant_types: [client_credentials]
  scope: api:read api:write
`;

/** The demo app's client as config/clients.yaml declares it (`${ISSUER}` is the test app's). */
const DEMO_CLIENT_YAML = `
- client_id: demo-app
  client_name: Vigil demo app
  token_endpoint_auth_method: none
  redirect_uris: ["\${ISSUER}/demo/callback"]
  first_party: true
`;

export interface TestAppOptions {
  label: string;
  policiesYaml?: string;
  env?: Record<string, string>;
  clock?: ManualClock;
  /** clients.yaml to use instead of TEST_CLIENTS_YAML. */
  clientsYaml?: string;
  /** Extra files in the config folder, by relative path (e.g. risk/anonymous-ips/tor.txt). */
  files?: Record<string, string>;
  /** Emit the driver's command events (test/support/database-commands.ts counts them). */
  monitorCommands?: boolean;
  /**
   * Another instance's database (its `databaseUri`): a second Vigil on the same database, as
   * behind a load balancer. Its close() leaves the database and the connection to their owner.
   */
  databaseUri?: string;
  /** Mount the development demo app (GET /demo) and add its client, as `npm start` and config/clients.yaml do. */
  demoApp?: boolean;
  /**
   * The ISSUER's host name (default 127.0.0.1; the server listens on 127.0.0.1 either way).
   * `localhost` for WebAuthn in a browser: an IP address is not a valid RP ID.
   */
  issuerHost?: 'localhost';
  /** The interaction steps instead of src/sign-in/steps-registry.ts's (a step defined in a test). */
  steps?: readonly InteractionStep[];
  /** The MFA methods instead of BUILT_IN_METHODS (a method defined in a test: test/support/fake-mfa-method/). */
  methods?: readonly MfaMethod[];
  /** A folder of views added to views/ (a test-defined method's pages), each top-level entry beside views/'s own. */
  views?: string;
}

export interface TestApp {
  app: App;
  issuer: string;
  configDir: string;
  clock: ManualClock;
  settings: Settings;
  databaseUri: string;
  close(): Promise<void>;
}

export const ALL_POLICIES_OFF = policiesYaml();

/** views/ with another folder's entries beside its own (links in the config folder; a name views/ has is refused). */
function viewsWith(extra: string, configDir: string): string {
  const merged = join(configDir, 'views');
  mkdirSync(merged);
  const own = readdirSync(VIEWS_DIR);
  for (const entry of own) symlinkSync(join(VIEWS_DIR, entry), join(merged, entry));
  for (const entry of readdirSync(extra)) {
    if (own.includes(entry)) throw new Error(`views/${entry} exists: name the test's views otherwise`);
    symlinkSync(join(extra, entry), join(merged, entry));
  }
  return merged;
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const configDir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  writeFileSync(join(configDir, 'clients.yaml'), (options.clientsYaml ?? TEST_CLIENTS_YAML) + (options.demoApp ? DEMO_CLIENT_YAML : ''));
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
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`;
  const databaseUri = options.databaseUri ?? testDatabaseUri(options.label);
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
  await connectDatabase(databaseUri, silentLogger, { monitorCommands: options.monitorCommands ?? false });
  const app = await createApp({ settings, logger: silentLogger, clock, env, steps: options.steps, methods: options.methods, viewsDir: options.views && viewsWith(options.views, configDir) });
  if (options.demoApp) app.provider.use(demoRouter(app.services).routes());
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
      if (options.databaseUri) return void rmSync(configDir, { recursive: true, force: true });
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
