/**
 * Records the database commands the app sends (its connection must be opened with
 * `monitorCommands`), as `command collection` strings, e.g. `find users`.
 */
import mongoose from 'mongoose';

interface CommandStarted {
  commandName: string;
  command: Record<string, unknown>;
}

export interface CommandLog {
  /** Commands recorded since the last take(), and a fresh start. */
  take(): string[];
  stop(): void;
}

export function recordDatabaseCommands(): CommandLog {
  const client = mongoose.connection.getClient();
  let commands: string[] = [];
  const listener = (event: CommandStarted): void => {
    const collection = event.command[event.commandName];
    commands.push(typeof collection === 'string' ? `${event.commandName} ${collection}` : event.commandName);
  };
  client.on('commandStarted', listener);
  return {
    take() {
      const taken = commands;
      commands = [];
      return taken;
    },
    stop() {
      client.off('commandStarted', listener);
    },
  };
}
