import { describe, expect, it } from 'vitest';
import { ReportOnlyEvent } from '../../src/policy/report-only-event.ts';
import { startTestApp, WEB_CLIENT } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

describe('MFA registration policy in reportOnly', () => {
  it('lets the user through and records what it would have done', async () => {
    const report = await startTestApp({ label: 'mfaregreport', policiesYaml: 'mfaRegistration: { state: reportOnly }\nsignInRisk: { state: disabled }\nuserRisk: { state: disabled }\nsspr: { enabledFor: none }\n' });
    try {
      await createTestUser({ username: 'observed' });
      const reportRp = await relyingParty(report.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
      const started = await reportRp.start();
      const browser = new UserAgent(report.issuer);
      const login = await browser.open(started.url.toString());
      const done = await browser.submit(login, 'login', { username: 'observed', password: DEFAULT_PASSWORD });
      expect(done.url).toMatch(/^http:\/\/rp\.test\/callback/);
      expect(await ReportOnlyEvent.countDocuments({ policy: 'mfaRegistration', wouldHave: 'offerRegistration' })).toBe(1);
    } finally {
      await report.close();
    }
  });
});
