/**
 * Delivers rendered messages: over SMTP when SMTP_URL is configured, otherwise into an outbox
 * folder of .eml files plus one log line (development). The only module that imports nodemailer.
 */
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { MailLogger, Mailer, OutgoingMail, SendResult } from './mailer.ts';
import { writeOutboxFile } from './outbox-file.ts';
import { checkRecipient, cleanHeaderText } from './safe-header.ts';
import { hasUnsafeCharacters, singleLine } from './single-line.ts';

export type { MailLogger, Mailer, OutgoingMail, SendResult } from './mailer.ts';

export interface MailerOptions {
  /** e.g. `smtp://user:pass@mail.example.com:587`; unset → outbox folder. Never logged. */
  smtpUrl?: string | undefined;
  outboxDir: string;
  /** `Vigil <no-reply@example.com>` or a bare address. */
  from: string;
  logger: MailLogger;
  /**
   * Outbox mode only: put each text body in the log line so a developer can read the code or
   * link without opening files. Default true; ignored with SMTP (codes must not reach real logs).
   */
  logBodies?: boolean | undefined;
}

// Nodemailer waits up to 2 minutes to connect by default; a caller awaiting a code e-mail
// should learn about an outage far sooner than that.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// Our bodies are strings; never let nodemailer read files or fetch URLs on a message's behalf.
const NO_EXTERNAL_CONTENT = { disableFileAccess: true, disableUrlAccess: true };

type Delivery = { messageId: string; file?: string };
type Deliver = (mail: SendMailOptions) => Promise<Delivery>;

export function createMailer(options: MailerOptions): Mailer {
  // `from` is configuration; a control character there is a deployment bug, not a send failure.
  if (hasUnsafeCharacters(options.from) || options.from.trim() === '') {
    throw new TypeError('mail: the From address is empty or contains control characters');
  }
  const { logger } = options;
  const logBodies = options.logBodies ?? true;
  let closed = false;
  let deliver: Deliver;
  let closeTransport: () => void;

  if (options.smtpUrl) {
    const transporter = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: false,
      ...SMTP_TIMEOUTS,
      ...NO_EXTERNAL_CONTENT,
    });
    deliver = async (mail) => {
      const info = await transporter.sendMail(mail);
      return { messageId: info.messageId };
    };
    closeTransport = () => transporter.close();
    logger.info({ mail: 'smtp', host: smtpHost(options.smtpUrl) }, 'mail: sending over SMTP');
  } else {
    const transporter = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      ...NO_EXTERNAL_CONTENT,
    });
    deliver = async (mail) => {
      const info = await transporter.sendMail(mail);
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
      const file = await writeOutboxFile(options.outboxDir, info.message);
      return { messageId: info.messageId, file };
    };
    closeTransport = () => transporter.close();
    logger.info({ mail: 'outbox', dir: options.outboxDir }, 'mail: SMTP_URL unset, writing mail to the outbox folder');
  }

  async function send(message: OutgoingMail): Promise<SendResult> {
    const subject = cleanHeaderText(message.subject);
    if (closed) return fail({ to: singleLine(message.to), subject }, 'mailer is closed', 'warn');

    const recipient = checkRecipient(message.to);
    if (!recipient.ok) {
      // singleLine keeps the log readable; pino would escape CR/LF anyway.
      return fail({ to: singleLine(message.to), subject, problem: recipient.problem }, `invalid recipient: ${recipient.problem}`, 'warn');
    }
    const to = recipient.address;

    try {
      const delivery = await deliver({
        from: options.from,
        // An address object, not a string: nodemailer never re-parses it as an address list.
        to: { name: '', address: to },
        subject,
        text: message.text,
        html: message.html,
        // Quoted-printable keeps .eml files and raw SMTP traffic readable (codes, links).
        textEncoding: 'quoted-printable',
        headers: {
          // RFC 3834: automated mail; asks auto-responders and out-of-office rules not to reply.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      if (delivery.file !== undefined) {
        logger.info(
          { to, subject, file: delivery.file, ...(logBodies ? { text: message.text } : {}) },
          'mail written to outbox',
        );
      } else {
        logger.info({ to, subject, messageId: delivery.messageId }, 'mail sent');
      }
      return { ok: true, messageId: delivery.messageId };
    } catch (err) {
      const { error, code } = describe(err);
      return fail({ to, subject, code }, error, 'error');
    }
  }

  function fail(context: Record<string, unknown>, error: string, level: 'warn' | 'error'): SendResult {
    logger[level]({ ...context, error }, 'mail not sent');
    return { ok: false, error };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    closeTransport();
  }

  return { send, close };
}

function describe(err: unknown): { error: string; code?: string } {
  if (err instanceof Error) {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    return code === undefined ? { error: err.message } : { error: err.message, code };
  }
  return { error: String(err) };
}

/** Host and port only: the URL may carry credentials. */
function smtpHost(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return '(unparseable SMTP_URL)';
  }
}
