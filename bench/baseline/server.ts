/**
 * `node bench/baseline/server.ts`: the bare oidc-provider baseline as its own process, on
 * MONGODB_URI with the same connection settings and OIDC indexes as Vigil, listening on
 * 127.0.0.1:PORT with issuer ISSUER; its password page checks BASELINE_PASSWORD_HASH (the bench
 * users' hash). BASELINE_ADAPTER=insert-first swaps in the what-if adapter.
 */
import { ensureIndexes } from '../../src/db/indexes.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { silentLogger } from '../../src/log.ts';
import { oidcIndexes } from '../../src/oidc/adapter.ts';
import { createBareProvider } from './bare-provider.ts';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  const port = Number(process.env.PORT);
  const issuer = process.env.ISSUER;
  const passwordHash = process.env.BASELINE_PASSWORD_HASH;
  if (!uri || !port || !issuer || !passwordHash) throw new Error('MONGODB_URI, PORT, ISSUER and BASELINE_PASSWORD_HASH are required');
  await connectDatabase(uri, silentLogger);
  const { indexes, ttls } = oidcIndexes();
  await ensureIndexes(indexes, ttls, silentLogger);
  const provider = createBareProvider(issuer, { passwordHash, insertFirst: process.env.BASELINE_ADAPTER === 'insert-first' });
  const server = provider.listen(port, '127.0.0.1');
  const shutdown = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bare baseline: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
