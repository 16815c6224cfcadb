/** The process logger (pino, JSON lines). Secrets never reach it: see the redact list. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'vigil' },
    redact: ['password', '*.password', 'code', '*.code', 'secret', '*.secret', 'req.headers.cookie', 'req.headers.authorization'],
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
