/**
 * Database command latency from the driver's command monitoring. The connection must be opened
 * with `monitorCommands` (main.ts does so only when metrics are on): the driver then builds an
 * event object per command, which is why it is not on by default.
 */
import type { Connection } from 'mongoose';
import type { Metrics } from './metrics.ts';

type MongoClient = ReturnType<Connection['getClient']>;

interface CommandEvent {
  commandName: string;
  duration: number;
}

/** Returns a function that stops listening. */
export function observeDatabaseCommands(client: MongoClient, metrics: Pick<Metrics, 'dbCommand'>): () => void {
  const succeeded = (event: CommandEvent): void => metrics.dbCommand(event.commandName, 'ok', event.duration / 1000);
  const failed = (event: CommandEvent): void => metrics.dbCommand(event.commandName, 'error', event.duration / 1000);
  client.on('commandSucceeded', succeeded);
  client.on('commandFailed', failed);
  return () => {
    client.off('commandSucceeded', succeeded);
    client.off('commandFailed', failed);
  };
}
