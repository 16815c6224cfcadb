/**
 * `npm start`: boots Vigil. Without MONGODB_URI it starts the embedded local database of its
 * DATA_DIR (refused when another Vigil serves that folder) and stops it when it stops, seeds
 * the demo user, then prints where to go.
 */
import mongoose from 'mongoose';
import { systemClock } from './clock.ts';
import { ConfigError } from './config/config-error.ts';
import { loadSettings } from './config/env.ts';
import { connectDatabase } from './db/connect.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-ferretdb.ts';
import { DEMO_USER, seedDemoUser } from './demo/seed.ts';
import { demoRouter } from './demo/demo-app.ts';
import { createApp } from './app.ts';
import { createLogger } from './log.ts';
import { startMetricsServer, type MetricsServer } from './metrics/server.ts';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const settings = loadSettings();
  const logger = createLogger(settings.logLevel);
  let uri = settings.mongodbUri;
  let embedded: EmbeddedDatabase | undefined;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dataDir: settings.dataDir, owner: 'vigil' });
    uri = embedded.uri;
    logger.info({ uri, dataDir: settings.dataDir, pid: embedded.pid }, 'using the embedded local database (FerretDB); set MONGODB_URI for MongoDB');
  }
  await connectDatabase(uri, logger, { monitorCommands: settings.metricsPort !== undefined });
  const app = await createApp({ settings, logger, clock: systemClock });
  if (!settings.production) {
    if (await seedDemoUser(systemClock)) logger.info({ username: DEMO_USER.username }, 'created the demo user');
    const demo = demoRouter(app.services);
    app.provider.use(demo.routes());
  }
  let metricsServer: MetricsServer | undefined;
  if (app.metricsRegistry && settings.metricsPort !== undefined) {
    metricsServer = await startMetricsServer(app.metricsRegistry, { host: settings.metricsHost, port: settings.metricsPort });
    logger.info({ host: settings.metricsHost, port: metricsServer.port }, 'metrics at /metrics');
  }
  const server = app.provider.listen(settings.port, () => {
    const ms = Math.round(performance.now() - startedAt);
    logger.info({ port: settings.port, issuer: settings.issuer, startupMs: ms }, 'Vigil is ready');
    if (!settings.production) {
      process.stdout.write([
        '',
        `  Vigil is running at ${settings.issuer}  (ready in ${ms} ms)`,
        `  Discovery:  ${settings.issuer}/.well-known/openid-configuration`,
        `  Demo app:   ${settings.issuer}/demo   (client_id demo-app, public, PKCE)`,
        `  Demo user:  ${DEMO_USER.username} / ${DEMO_USER.password}`,
        `  Admin CLI:  npm run admin -- help`,
        '',
      ].join('\n'));
    }
  });
  const shutdown = (): void => {
    logger.info('shutting down');
    void metricsServer?.close();
    server.close(() => {
      // The database's clients go first: FerretDB waits for open connections before it exits.
      void app.close().then(() => mongoose.disconnect()).then(() => embedded?.stop()).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGHUP', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`vigil: configuration error: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`vigil: failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
