import { describe, expect, it } from 'vitest';
import { createMailer } from '../../../src/mail/transport.ts';
import { parseMessage, startSmtpSink } from '../../support/smtp-sink.ts';
import { recordingLogger } from './recording-logger.ts';

describe('smtp sink', () => {
  it('resolves waitFor for a mail that arrives later and times out otherwise', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: sink.url, outboxDir: '/unused', from: 'a@vigil.test', logger: recordingLogger() });
    try {
      const waiting = sink.waitFor((m) => m.subject === 'later');
      await mailer.send({ to: 'x@x.test', subject: 'other', text: 't', html: 'h' });
      await mailer.send({ to: 'x@x.test', subject: 'later', text: 't', html: 'h' });
      expect((await waiting).subject).toBe('later');
      await expect(sink.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching mail within 50 ms/);
      sink.clear();
      expect(sink.messages).toEqual([]);
    } finally {
      await mailer.close();
      await sink.stop();
    }
  });

  it('parses base64 parts, folded headers and B/Q encoded words', () => {
    const raw = [
      'From: =?UTF-8?B?SsO2cmc=?= <j@x.test>',
      'To: k@x.test',
      'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
      ' =?UTF-8?B?IGF1cyBLw7Zsbg==?=',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Grüße\naus Köln').toString('base64'),
      '--inner',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>K=F6ln, a very long line that was softly =',
      'broken</p>',
      '--inner--',
      '--outer',
      'Content-Type: text/plain',
      'Content-Disposition: attachment; filename=a.txt',
      '',
      'ignored',
      '--outer--',
      '',
    ].join('\r\n');
    const mail = parseMessage(raw);
    expect(mail.from).toBe('Jörg <j@x.test>');
    expect(mail.subject).toBe('Grüße aus Köln');
    expect(mail.text).toBe('Grüße\naus Köln');
    expect(mail.html).toBe('<p>Köln, a very long line that was softly broken</p>');
  });
});
