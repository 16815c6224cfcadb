import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../src/mail/transport.ts';
import { emailVerificationCode } from '../../../src/mail/messages/index.ts';
import { parseMessage } from '../../support/smtp-sink.ts';
import { recordingLogger } from './recording-logger.ts';

const from = 'Vigil <no-reply@vigil.test>';
const brand = { productName: 'Vigil' };

describe('outbox transport (no SMTP_URL)', () => {
  let root: string;
  let outboxDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-mail-'));
    outboxDir = join(root, 'data', 'outbox'); // does not exist yet
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('writes an RFC 5322 .eml file and logs recipient, subject and text body', async () => {
    const logger = recordingLogger();
    const mailer = createMailer({ outboxDir, from, logger });
    const content = emailVerificationCode({ brand, code: '482913', minutesValid: 15 });
    const result = await mailer.send({ to: 'alice@x.test', ...content });
    await mailer.close();

    expect(result.ok).toBe(true);
    const files = readdirSync(outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{6}\.eml$/);
    const path = join(outboxDir, files[0] ?? '');
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const raw = readFileSync(path, 'latin1');
    expect(raw).toMatch(/\r\n/); // CRLF line endings, as on the wire
    const mail = parseMessage(raw);
    expect(mail.to).toBe('alice@x.test');
    expect(mail.from).toBe(from);
    expect(mail.subject).toBe(content.subject);
    expect(mail.text).toBe(content.text);
    expect(mail.html).toBe(content.html);
    expect(mail.headers['message-id']).toEqual([result.ok ? result.messageId : '']);
    expect(mail.headers.date?.[0]).toMatch(/\d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    // Quoted-printable keeps the code readable in the raw file.
    expect(raw).toContain('482913');

    const line = logger.entries.find((entry) => entry.msg === 'mail written to outbox');
    expect(line).toEqual({
      level: 'info',
      obj: { to: 'alice@x.test', subject: content.subject, file: path, text: content.text },
      msg: 'mail written to outbox',
    });
  });

  it('names files so they sort in sending order', async () => {
    const mailer = createMailer({ outboxDir, from, logger: recordingLogger() });
    for (let i = 0; i < 5; i++) {
      expect((await mailer.send({ to: 'alice@x.test', subject: `message ${i}`, text: 't', html: 'h' })).ok).toBe(true);
    }
    const subjects = readdirSync(outboxDir)
      .sort()
      .map((file) => parseMessage(readFileSync(join(outboxDir, file), 'latin1')).subject);
    expect(subjects).toEqual(['message 0', 'message 1', 'message 2', 'message 3', 'message 4']);
  });

  it('can keep bodies out of the log', async () => {
    const logger = recordingLogger();
    const mailer = createMailer({ outboxDir, from, logger, logBodies: false });
    await mailer.send({ to: 'alice@x.test', subject: 's', text: 'secret code 999111', html: 'h' });
    expect(JSON.stringify(logger.entries)).not.toContain('999111');
  });

  it('refuses an injected recipient without writing a file', async () => {
    const mailer = createMailer({ outboxDir, from, logger: recordingLogger() });
    const result = await mailer.send({ to: 'victim@x.test\r\nBcc: evil@x.test', subject: 's', text: 't', html: 'h' });
    expect(result).toEqual({ ok: false, error: 'invalid recipient: control-character' });
    expect(() => readdirSync(outboxDir)).toThrow(/ENOENT/);
  });

  it('returns ok:false when the outbox cannot be written', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const logger = recordingLogger();
    const mailer = createMailer({ outboxDir: join(blocker, 'outbox'), from, logger });
    const result = await mailer.send({ to: 'alice@x.test', subject: 's', text: 't', html: 'h' });
    expect(result.ok).toBe(false);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'error', msg: 'mail not sent' });
  });
});
