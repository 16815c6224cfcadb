import { describe, expect, it } from 'vitest';
import {
  adminRiskAlert,
  emailVerificationCode,
  MAX_LISTED_USERS,
  mfaMethodAdded,
  mfaMethodRemoved,
  newSignIn,
  passwordChanged,
  passwordResetCode,
  recoveryCodesRegenerated,
  recoveryCodeUsed,
  riskDigest,
} from '../../../src/mail/messages/index.ts';
import type { MailContent } from '../../../src/mail/messages/index.ts';
import { formatUtcDate, formatUtcDateTime } from '../../../src/mail/format-date.ts';

const brand = { productName: 'Vigil' };
const when = new Date('2026-01-05T09:07:00Z');
const evil = '<script>alert(1)</script>';
const evilEscaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
const reportUrl = 'https://id.example.test/security/report?event=abc123&sig=x%2By_z';

/** Common checks: user input never raw in HTML, never in the subject, text/HTML both present. */
function expectSafe(mail: MailContent, userInputs: string[]): void {
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).toMatch(/^<!doctype html>/);
  expect(mail.text.length).toBeGreaterThan(0);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  for (const input of userInputs) expect(mail.subject).not.toContain(input);
  expect(mail.subject).not.toContain('script');
}

describe('dates', () => {
  it('are rendered in UTC regardless of the local time zone', () => {
    expect(formatUtcDateTime(new Date('2026-03-29T01:30:59.999+02:00'))).toBe('2026-03-28 23:30 UTC');
    expect(formatUtcDate(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    expect(() => formatUtcDateTime(new Date('nope'))).toThrow(RangeError);
  });
});

describe('emailVerificationCode', () => {
  it('shows the code and its lifetime in both parts, not in the subject', () => {
    const mail = emailVerificationCode({ brand, code: '482913', minutesValid: 15 });
    expect(mail.subject).toBe('Verify your e-mail address for Vigil');
    expect(mail.text).toContain('    482913\n');
    expect(mail.text).toContain('expires in 15 minutes');
    expect(mail.html).toContain('482913');
    expect(mail.subject).not.toContain('482913');
    expectSafe(mail, []);
  });

  it('uses the singular for one minute and refuses nonsense lifetimes', () => {
    expect(emailVerificationCode({ brand, code: '1', minutesValid: 1 }).text).toContain('expires in 1 minute.');
    expect(() => emailVerificationCode({ brand, code: '1', minutesValid: 0 })).toThrow(RangeError);
    expect(() => emailVerificationCode({ brand, code: '1', minutesValid: 1.5 })).toThrow(RangeError);
  });

  it('escapes whatever the code contains', () => {
    const mail = emailVerificationCode({ brand, code: evil, minutesValid: 10 });
    expect(mail.html).toContain(evilEscaped);
    expectSafe(mail, [evil]);
  });
});

describe('passwordResetCode', () => {
  it('shows the code and says what to do if it was not requested', () => {
    const mail = passwordResetCode({ brand, code: '771204', minutesValid: 10 });
    expect(mail.subject).toBe('Reset your Vigil password');
    expect(mail.text).toContain('771204');
    expect(mail.text).toContain('expires in 10 minutes');
    expect(mail.text).toContain('your password has not been changed');
    expect(mail.html).toContain('771204');
    expectSafe(mail, []);
  });
});

describe('passwordChanged', () => {
  it('gives time and IP and tells the reader to contact the admin if it was not them', () => {
    const mail = passwordChanged({ brand, when, ip: '203.0.113.7' });
    expect(mail.subject).toBe('Your Vigil password was changed');
    expect(mail.text).toContain('2026-01-05 09:07 UTC');
    expect(mail.text).toContain('203.0.113.7');
    expect(mail.text).toContain("If this wasn't you, contact your administrator");
    expect(mail.html).toContain('If this wasn&#39;t you, contact your administrator');
  });

  it('omits the IP row when unknown and escapes a hostile one', () => {
    expect(passwordChanged({ brand, when }).text).not.toContain('IP address');
    const mail = passwordChanged({ brand, when, ip: evil });
    expect(mail.html).toContain(evilEscaped);
    expectSafe(mail, [evil]);
  });
});

describe('mfaMethodAdded / mfaMethodRemoved', () => {
  it('name the method in the body only', () => {
    const added = mfaMethodAdded({ brand, methodLabel: 'Authenticator app (work phone)', when });
    expect(added.subject).toBe('A sign-in method was added to your Vigil account');
    expect(added.text).toContain('Authenticator app (work phone)');
    expect(added.text).toContain('2026-01-05 09:07 UTC');
    const removed = mfaMethodRemoved({ brand, methodLabel: 'E-mail', when });
    expect(removed.subject).toBe('A sign-in method was removed from your Vigil account');
    expect(removed.text).toContain("If this wasn't you, contact your administrator");
  });

  it('escape a hostile label and cannot be given extra lines', () => {
    const label = `${evil}\r\n\r\nClick https://evil.test to keep your account`;
    for (const mail of [mfaMethodAdded({ brand, methodLabel: label, when }), mfaMethodRemoved({ brand, methodLabel: label, when })]) {
      expect(mail.html).toContain(evilEscaped);
      expect(mail.text).toContain(`Method: ${evil} Click https://evil.test`);
      expectSafe(mail, [label, 'evil.test']);
    }
  });
});

describe('recovery codes', () => {
  it('regenerated: says the old codes stopped working', () => {
    const mail = recoveryCodesRegenerated({ brand, when });
    expect(mail.subject).toBe('New recovery codes for your Vigil account');
    expect(mail.text).toContain('previous codes no longer work');
    expect(mail.text).toContain('2026-01-05 09:07 UTC');
  });

  it('used: shows how many are left and nudges when running low', () => {
    const plenty = recoveryCodeUsed({ brand, when, remaining: 8 });
    expect(plenty.text).toMatch(/Codes left:\s+8/);
    expect(plenty.text).not.toContain('running low');
    expect(recoveryCodeUsed({ brand, when, remaining: 2 }).text).toContain('running low');
    expect(recoveryCodeUsed({ brand, when, remaining: 0 }).text).toContain('no recovery codes left');
    expect(() => recoveryCodeUsed({ brand, when, remaining: -1 })).toThrow(RangeError);
  });
});

describe('newSignIn', () => {
  const base = { brand, when, ip: '198.51.100.23', location: 'Lyon, FR', browser: 'Firefox 140 on Linux', reportUrl };

  it('shows the sign-in details and the report link verbatim', () => {
    const mail = newSignIn(base);
    expect(mail.subject).toBe('New sign-in to your Vigil account');
    for (const value of ['2026-01-05 09:07 UTC', '198.51.100.23', 'Lyon, FR', 'Firefox 140 on Linux']) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(value);
    }
    expect(mail.text).toContain(`This wasn't me:\n${reportUrl}\n`);
    // In HTML the URL is attribute-escaped (& → &amp;), which a browser decodes back to the original.
    const href = /<a href="([^"]+)"/.exec(mail.html)?.[1];
    expect(href?.replaceAll('&amp;', '&')).toBe(reportUrl);
  });

  it('omits unknown location and browser', () => {
    const mail = newSignIn({ brand, when, ip: '198.51.100.23', reportUrl });
    expect(mail.text).not.toContain('Location');
    expect(mail.text).not.toContain('Browser');
  });

  it('escapes and flattens hostile request data and shortens a huge user agent', () => {
    const browser = `${evil}\nMozilla/5.0 ${'A'.repeat(5_000)}`;
    const mail = newSignIn({ ...base, location: evil, ip: `${evil}`, browser });
    expect(mail.html).toContain(evilEscaped);
    expect(mail.text).not.toContain('A'.repeat(300));
    expect(mail.text).toContain('…');
    expectSafe(mail, [evil, browser]);
  });

  it('refuses links that are not plain http(s) URLs', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', '/relative/path', 'https://id.example.test/r\r\nX: y', 'https://id.example.test/ r']) {
      expect(() => newSignIn({ ...base, reportUrl: url }), url).toThrow(TypeError);
    }
  });
});

describe('adminRiskAlert', () => {
  it('lists users with level and reasons; only the count reaches the subject', () => {
    const mail = adminRiskAlert({
      brand,
      users: [
        { username: 'alice', level: 'high', reasons: ['leaked credentials', 'unfamiliar location'] },
        { username: 'bob', level: 'medium', reasons: [] },
      ],
    });
    expect(mail.subject).toBe('Vigil: 2 users flagged at risk');
    expect(mail.text).toContain('- alice: high risk (leaked credentials; unfamiliar location)');
    expect(mail.text).toContain('- bob: medium risk\n');
    expect(mail.html).toContain('<li>alice: high risk (leaked credentials; unfamiliar location)</li>');
    expectSafe(mail, ['alice', 'bob']);
  });

  it('escapes hostile usernames and reasons', () => {
    const mail = adminRiskAlert({ brand, users: [{ username: evil, level: 'low', reasons: [evil] }] });
    expect(mail.subject).toBe('Vigil: 1 user flagged at risk');
    expect(mail.html).toContain(evilEscaped);
    expectSafe(mail, [evil]);
  });

  it('caps the list for large batches', () => {
    const users = Array.from({ length: MAX_LISTED_USERS + 7 }, (_, i) => ({ username: `user${i}`, level: 'medium' as const, reasons: ['password spray'] }));
    const mail = adminRiskAlert({ brand, users });
    expect(mail.text.match(/^- user/gm)).toHaveLength(MAX_LISTED_USERS);
    expect(mail.text).toContain('…and 7 more.');
  });
});

describe('riskDigest', () => {
  const periodStart = new Date('2026-01-04T00:00:00Z');
  const periodEnd = new Date('2026-01-05T00:00:00Z');

  it('summarises the period with counts and the top users', () => {
    const mail = riskDigest({
      brand,
      periodStart,
      periodEnd,
      summary: { riskyUsers: 3, riskySignIns: 11, remediated: 2, top: [{ username: 'carol', level: 'high' }, { username: evil, level: 'medium' }] },
    });
    expect(mail.subject).toBe('Vigil risk digest 2026-01-04 to 2026-01-05');
    expect(mail.text).toContain('from 2026-01-04 00:00 UTC to 2026-01-05 00:00 UTC');
    expect(mail.text).toMatch(/Users at risk:\s+3/);
    expect(mail.text).toMatch(/Risky sign-ins:\s+11/);
    expect(mail.text).toMatch(/Risks remediated:\s+2/);
    expect(mail.text).toContain('- carol: high risk');
    expect(mail.html).toContain(evilEscaped);
    expectSafe(mail, [evil, 'carol']);
  });

  it('says so when nobody is at risk', () => {
    const mail = riskDigest({ brand, periodStart, periodEnd, summary: { riskyUsers: 0, riskySignIns: 0, remediated: 0, top: [] } });
    expect(mail.text).toContain('No user is at risk at the moment.');
  });
});

describe('brand', () => {
  it('is escaped too (it is configuration, but still never trusted as markup)', () => {
    const mail = passwordChanged({ brand: { productName: 'Acme <b>ID</b>' }, when });
    expect(mail.html).toContain('Acme &lt;b&gt;ID&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>ID</b>');
    expect(mail.text).toContain('--\nAcme <b>ID</b>\n');
  });
});
