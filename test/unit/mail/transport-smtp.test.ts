import { freePort } from '../../../src/db/free-port.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMailer } from '../../../src/mail/transport.ts';
import type { Mailer } from '../../../src/mail/transport.ts';
import { newSignIn, passwordResetCode } from '../../../src/mail/messages/index.ts';
import { startSmtpSink } from '../../support/smtp-sink.ts';
import type { SmtpSink } from '../../support/smtp-sink.ts';
import { recordingLogger } from './recording-logger.ts';

const from = 'Vigil <no-reply@vigil.test>';

/** A port nothing listens on: a free one, since nothing is started on it. */
const closedPort = freePort;

describe('SMTP transport', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  let logger: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRecipient: (address) => address.startsWith('bounce@') });
  });
  afterAll(async () => {
    await sink.stop();
  });
  beforeEach(() => {
    sink.clear();
    logger = recordingLogger();
    mailer = createMailer({ smtpUrl: sink.url, outboxDir: '/nonexistent/never-used', from, logger });
  });
  afterEach(async () => {
    await mailer.close();
  });

  it('delivers subject, text and HTML intact, including non-ASCII and a long URL line', async () => {
    const longUrl = `https://id.example.test/reset/confirm?token=${'Ab9_-'.repeat(40)}&next=%2Fsecurity%3Dinfo&x=a=b`;
    const text = `Grüße aus Köln — ✓\n\nOpen this link:\n${longUrl}\n\nA line with = signs == and trailing space `;
    const html = `<p>Grüße aus Köln — ✓</p><p><a href="${longUrl.replaceAll('&', '&amp;')}">${'Reset '.repeat(30)}</a></p>`;
    const result = await mailer.send({ to: 'alice@x.test', subject: 'Grüße von Vigil ✓', text, html });

    expect(result).toEqual({ ok: true, messageId: expect.stringMatching(/^<.+@.+>$/) });
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('alice@x.test'));
    expect(mail.subject).toBe('Grüße von Vigil ✓');
    expect(mail.text).toBe(text);
    expect(mail.html).toBe(html);
    expect(mail.text).toContain(longUrl);
    expect(mail.envelopeTo).toEqual(['alice@x.test']);
    expect(mail.envelopeFrom).toBe('no-reply@vigil.test');
    expect(mail.from).toBe('Vigil <no-reply@vigil.test>');
    expect(mail.to).toBe('alice@x.test');
    expect(mail.headers['auto-submitted']).toEqual(['auto-generated']);
    expect(mail.headers['message-id']).toEqual([result.ok ? result.messageId : '']);
    // The wire format really was quoted-printable with every line within the RFC 5322 limit.
    expect(mail.raw).toContain('Content-Transfer-Encoding: quoted-printable');
    for (const line of mail.raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);

    expect(logger.entries).toContainEqual({
      level: 'info',
      obj: { to: 'alice@x.test', subject: 'Grüße von Vigil ✓', messageId: result.ok ? result.messageId : '' },
      msg: 'mail sent',
    });
    // Bodies (codes, links) stay out of production logs.
    expect(JSON.stringify(logger.entries)).not.toContain('Köln');
  });

  it('delivers a rendered message with its link verbatim', async () => {
    const reportUrl = 'https://id.example.test/security/report?event=abc123&sig=x%2By_z';
    const content = newSignIn({ brand: { productName: 'Vigil' }, when: new Date('2026-01-05T09:00:00Z'), ip: '203.0.113.9', reportUrl });
    expect((await mailer.send({ to: 'bob@x.test', ...content })).ok).toBe(true);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('bob@x.test'));
    expect(mail.subject).toBe(content.subject);
    expect(mail.text).toBe(content.text);
    expect(mail.html).toBe(content.html);
    expect(mail.text).toContain(`\n${reportUrl}\n`);
  });

  it('refuses a recipient carrying a CR/LF header injection and sends nothing', async () => {
    const content = passwordResetCode({ brand: { productName: 'Vigil' }, code: '123456', minutesValid: 10 });
    const result = await mailer.send({ to: 'victim@x.test\r\nBcc: evil@x.test', ...content });
    expect(result).toEqual({ ok: false, error: 'invalid recipient: control-character' });
    expect(logger.entries.at(-1)).toMatchObject({ level: 'warn', obj: { problem: 'control-character' }, msg: 'mail not sent' });

    // A later legitimate send is the only thing the server ever saw.
    expect((await mailer.send({ to: 'carol@x.test', ...content })).ok).toBe(true);
    await sink.waitFor((m) => m.envelopeTo.includes('carol@x.test'));
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages.flatMap((m) => m.envelopeTo)).toEqual(['carol@x.test']);
  });

  it('refuses recipient lists and display-name forms', async () => {
    for (const to of ['a@x.test, evil@x.test', 'a@x.test;evil@x.test', 'Alice <a@x.test>', '']) {
      const result = await mailer.send({ to, subject: 's', text: 't', html: '<p>t</p>' });
      expect(result.ok, to).toBe(false);
    }
    expect(sink.messages).toHaveLength(0);
  });

  it('cleans a subject carrying CR/LF so it cannot add headers', async () => {
    const result = await mailer.send({ to: 'dave@x.test', subject: 'Hello\r\nBcc: evil@x.test\r\n\r\nbody', text: 't', html: '<p>t</p>' });
    expect(result.ok).toBe(true);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('dave@x.test'));
    expect(mail.subject).toBe('Hello Bcc: evil@x.test body');
    expect(mail.headers.bcc).toBeUndefined();
    expect(mail.envelopeTo).toEqual(['dave@x.test']);
    expect(mail.text).toBe('t');
  });

  it('returns ok:false when the server rejects the recipient', async () => {
    const result = await mailer.send({ to: 'bounce@x.test', subject: 's', text: 't', html: '<p>t</p>' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/550/);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'error', obj: { to: 'bounce@x.test' }, msg: 'mail not sent' });
  });

  it('returns ok:false after close', async () => {
    await mailer.close();
    expect(await mailer.send({ to: 'erin@x.test', subject: 's', text: 't', html: 'h' })).toEqual({ ok: false, error: 'mailer is closed' });
  });
});

describe('SMTP transport with the server down', () => {
  it('returns ok:false and logs, without throwing', async () => {
    const logger = recordingLogger();
    const port = await closedPort();
    const mailer = createMailer({ smtpUrl: `smtp://user:s3cret@127.0.0.1:${port}`, outboxDir: '/nonexistent', from, logger });
    const result = await mailer.send({ to: 'alice@x.test', subject: 'Your code', text: 't', html: 'h' });
    await mailer.close();

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/ECONNREFUSED/);
    expect(logger.entries.at(-1)).toMatchObject({
      level: 'error',
      obj: { to: 'alice@x.test', subject: 'Your code', code: expect.any(String) },
      msg: 'mail not sent',
    });
    // The SMTP password never reaches the log.
    expect(JSON.stringify(logger.entries)).not.toContain('s3cret');
    expect(logger.entries[0]).toMatchObject({ obj: { mail: 'smtp', host: `127.0.0.1:${port}` } });
  });
});

describe('createMailer', () => {
  it('accepts a pino logger', () => {
    const mailer = createMailer({ outboxDir: '/tmp/unused', from, logger: pino({ level: 'silent' }) });
    expect(typeof mailer.send).toBe('function');
  });

  it('refuses a From address with control characters (a configuration bug)', () => {
    expect(() => createMailer({ outboxDir: '/tmp/unused', from: 'Vigil <a@x.test>\r\nBcc: evil@x.test', logger: recordingLogger() })).toThrow(TypeError);
  });
});
