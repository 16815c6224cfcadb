/** The risk digest for admins (`risk digest`, for cron): who is at risk, what happened since. */
import type { Clock } from '../../clock.ts';
import { loadAlertsConfig } from '../../config/alerts.ts';
import type { Settings } from '../../config/env.ts';
import { riskDigest, type RiskSummary } from '../../mail/messages/index.ts';
import { createMailer } from '../../mail/transport.ts';
import { silentLogger } from '../../log.ts';
import { loadBranding } from '../../config/branding.ts';
import { riskyUsers, signIns } from '../risk-reports.ts';

export interface DigestResult {
  recipients: string[];
  since: string;
  summary: RiskSummary;
}

export async function digestSummary(clock: Clock, since: Date): Promise<RiskSummary> {
  const [users, risky] = await Promise.all([riskyUsers(clock), signIns(clock, { since, riskyOnly: true, limit: 100_000 })]);
  return {
    riskyUsers: users.length,
    riskySignIns: risky.length,
    remediated: risky.filter((signIn) => signIn.riskState === 'remediated').length,
    top: users.slice(0, 10).map((user) => ({ username: user.username, level: user.riskLevel })),
  };
}

export async function sendDigest(input: { settings: Settings; clock: Clock; since: Date; dryRun: boolean }): Promise<DigestResult> {
  const { recipients } = loadAlertsConfig(input.settings.configDir);
  const summary = await digestSummary(input.clock, input.since);
  if (!input.dryRun && recipients.length) {
    const brand = loadBranding(input.settings.configDir);
    const mailer = createMailer({ smtpUrl: input.settings.smtpUrl, outboxDir: input.settings.outboxDir, from: input.settings.mailFrom, logger: silentLogger });
    const content = riskDigest({ brand, periodStart: input.since, periodEnd: input.clock.now(), summary });
    for (const to of recipients) await mailer.send({ to, ...content });
    await mailer.close();
  }
  return { recipients, since: input.since.toISOString(), summary };
}
