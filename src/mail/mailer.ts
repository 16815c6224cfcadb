/**
 * The mail-sending contract the rest of Vigil depends on. Callers hold a Mailer and never see
 * nodemailer; transport.ts is the one implementation (SMTP, or an outbox folder in development).
 */

/** One rendered message for one recipient; content comes from ./messages, never built ad hoc. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sending never throws: a mail outage must not break a sign-in or a password change, so the
 * caller gets a result it can record or ignore, and the failure is already logged.
 */
export type SendResult = { ok: true; messageId: string } | { ok: false; error: string };

export interface Mailer {
  send(message: OutgoingMail): Promise<SendResult>;
  /** Closes SMTP connections; later sends return `{ ok: false }`. */
  close(): Promise<void>;
}

/** The slice of a pino logger the mailer uses, so the caller passes its own logger. */
export interface MailLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
