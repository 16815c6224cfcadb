/** A MailLogger that remembers what was logged, for assertions on log lines. */
import type { MailLogger } from '../../../src/mail/mailer.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export function recordingLogger(): MailLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, obj: { ...obj }, msg });
  };
  return { entries, info: record('info'), warn: record('warn'), error: record('error') };
}
