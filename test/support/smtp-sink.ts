/**
 * A real SMTP server inside the test process (smtp-server on 127.0.0.1, ephemeral port, no auth,
 * no TLS) that keeps every message it receives, decoded far enough for assertions: headers
 * (RFC 2047 encoded words), multipart/alternative, quoted-printable and base64 bodies.
 *
 *   const sink = await startSmtpSink();
 *   // configure the app with SMTP_URL = sink.url, trigger a mail, then:
 *   const mail = await sink.waitFor((m) => m.envelopeTo.includes('alice@x.test'));
 */
import { EventEmitter } from 'node:events';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM of the SMTP envelope. */
  envelopeFrom: string;
  /** RCPT TO of the SMTP envelope: who really received it (Bcc included). */
  envelopeTo: string[];
  /** Decoded `To` header. */
  to: string;
  /** Decoded `From` header. */
  from: string;
  subject: string;
  /** text/plain part, decoded, line endings as LF; '' when absent. */
  text: string;
  /** text/html part, decoded, line endings as LF; '' when absent. */
  html: string;
  /** Top-level headers, lower-case names, unfolded and decoded, in order of appearance. */
  headers: Record<string, string[]>;
  /** The header block exactly as received (CRLF line endings). */
  rawHeaders: string;
  /** The whole message as received, bytes read as latin1 so nothing is lost. */
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:PORT` */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Answer RCPT TO for these addresses with a permanent 550, to test rejected mail. */
  rejectRecipient?: (address: string) => boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const arrivals = new EventEmitter();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'vigil test sink',
    size: 10 * 1024 * 1024,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        const error: Error & { responseCode?: number } = new Error('mailbox unavailable');
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        const mail = parseMessage(raw, envelope);
        messages.push(mail);
        arrivals.emit('mail', mail);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp sink: no TCP address');
  const port = address.port;

  function waitFor(predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5_000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const already = messages.find(predicate);
      if (already) {
        resolve(already);
        return;
      }
      const onMail = (mail: ReceivedMail): void => {
        let matches: boolean;
        try {
          matches = predicate(mail);
        } catch (err) {
          done();
          reject(err);
          return;
        }
        if (matches) {
          done();
          resolve(mail);
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = messages.map((m) => `${m.envelopeTo.join(',')}: ${m.subject}`).join(' | ') || 'none';
        reject(new Error(`smtp sink: no matching mail within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        arrivals.off('mail', onMail);
      }
      arrivals.on('mail', onMail);
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor,
    clear: () => {
      messages.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// Minimal MIME reading: enough for what nodemailer produces, not a general-purpose parser.
// Work happens on "binary strings" (one char per byte, latin1) until a part's charset is known.

interface Entity {
  headers: Array<[name: string, value: string]>;
  rawHeaders: string;
  body: string;
}

function splitEntity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const rawHeaders = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const unfolded = rawHeaders.replace(/\r?\n(?=[ \t])/g, '');
  const headers: Array<[string, string]> = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { headers, rawHeaders, body };
}

function header(entity: Entity, name: string): string | undefined {
  return entity.headers.find(([key]) => key === name)?.[1];
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** RFC 2047 encoded words; raw 8-bit header bytes are read as UTF-8 (RFC 6532). */
function decodeHeaderValue(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g, (_word, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return decodeBytes(bytes, charset);
    });
}

interface ContentType {
  type: string;
  params: Record<string, string>;
}

function parseContentType(value: string | undefined): ContentType {
  if (!value) return { type: 'text/plain', params: { charset: 'us-ascii' } };
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    let val = param.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    params[key] = val;
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(body: string, transferEncoding: string | undefined): Buffer {
  switch ((transferEncoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return Buffer.from(
        body
          .replace(/[ \t]+(?=\r?\n)/g, '')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      );
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    default:
      return Buffer.from(body, 'latin1');
  }
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join('\r\n'));
      current = trimmed === delimiter ? [] : undefined;
      if (trimmed !== delimiter) break;
      continue;
    }
    current?.push(line);
  }
  return parts;
}

function collectBodies(entity: Entity, found: { text?: string; html?: string }): void {
  const contentType = parseContentType(header(entity, 'content-type'));
  const boundary = contentType.params.boundary;
  if (contentType.type.startsWith('multipart/') && boundary) {
    for (const part of splitMultipart(entity.body, boundary)) collectBodies(splitEntity(part), found);
    return;
  }
  if (/^attachment/i.test(header(entity, 'content-disposition') ?? '')) return;
  const key = contentType.type === 'text/plain' ? 'text' : contentType.type === 'text/html' ? 'html' : undefined;
  if (!key || found[key] !== undefined) return;
  const bytes = decodeBody(entity.body, header(entity, 'content-transfer-encoding'));
  found[key] = decodeBytes(bytes, contentType.params.charset ?? 'us-ascii').replace(/\r\n/g, '\n');
}

export function parseMessage(raw: string, envelope: { from: string; to: string[] } = { from: '', to: [] }): ReceivedMail {
  const entity = splitEntity(raw);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of entity.headers) (headers[name] ??= []).push(decodeHeaderValue(value));
  const bodies: { text?: string; html?: string } = {};
  collectBodies(entity, bodies);
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    to: headers.to?.[0] ?? '',
    from: headers.from?.[0] ?? '',
    subject: headers.subject?.[0] ?? '',
    text: bodies.text ?? '',
    html: bodies.html ?? '',
    headers,
    rawHeaders: entity.rawHeaders,
    raw,
  };
}
