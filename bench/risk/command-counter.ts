/**
 * Counts the commands a MongoClient sends while a window is open, by "command collection" (e.g.
 * `find risk_profiles`), from the driver's command monitoring (the client must be connected with
 * `monitorCommands: true`). Only commands started inside the window count, so one measured call
 * at a time gives that call's commands exactly.
 */
import type { CommandStartedEvent, MongoClient } from 'mongodb';

export interface CommandCounter {
  open(): void;
  /** Closes the window and returns what was sent in it. */
  close(): Record<string, number>;
  detach(): void;
}

function describe(event: CommandStartedEvent): string {
  const target: unknown = event.command[event.commandName];
  return typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
}

export function countCommands(client: MongoClient): CommandCounter {
  let window: Record<string, number> | undefined;
  const listener = (event: CommandStartedEvent): void => {
    if (!window) return;
    const key = describe(event);
    window[key] = (window[key] ?? 0) + 1;
  };
  client.on('commandStarted', listener);
  return {
    open() {
      window = {};
    },
    close() {
      const counted = window ?? {};
      window = undefined;
      return counted;
    },
    detach() {
      client.off('commandStarted', listener);
    },
  };
}
