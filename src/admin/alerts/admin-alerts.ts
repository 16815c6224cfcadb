/**
 * Alerts admins when users reach the configured risk level: checked every `batchMinutes`, each
 * user's risk change alerted once (claimed atomically, so several instances never send the same
 * alert twice), all new ones in one message — batched and so rate-limited.
 */
import { DAY } from '../../clock.ts';
import { claimOnce } from '../../db/claim-once.ts';
import type { AlertsConfig } from '../../config/alerts.ts';
import { adminRiskAlert } from '../../mail/messages/index.ts';
import type { Services } from '../../services.ts';
import { atOrAbove } from '../../risk/level.ts';
import { riskyUsers } from '../risk-reports.ts';

/** What the alerts use. */
export type AdminAlertsDeps = Pick<Services, 'brand' | 'clock' | 'logger' | 'mailer'>;

export async function sendAdminAlerts(services: AdminAlertsDeps, config: AlertsConfig): Promise<number> {
  if (!config.recipients.length) return 0;
  const now = services.clock.now();
  const users = (await riskyUsers(services.clock)).filter((user) => atOrAbove(user.riskLevel, config.alertLevel));
  const fresh = [];
  for (const user of users) {
    if (await claimOnce(`risk-alert:${user.userId}:${user.riskLevel}:${user.riskUpdatedAt ?? ''}`, now, new Date(now.getTime() + 90 * DAY))) fresh.push(user);
  }
  if (!fresh.length) return 0;
  const content = adminRiskAlert({
    brand: services.brand,
    users: fresh.map((user) => ({ username: user.username, level: user.riskLevel, reasons: user.detections.map((d) => d.reason) })),
  });
  for (const to of config.recipients) await services.mailer.send({ to, ...content });
  return fresh.length;
}

export function scheduleAdminAlerts(services: AdminAlertsDeps, config: AlertsConfig): () => void {
  if (!config.recipients.length) return () => {};
  const timer = setInterval(() => {
    sendAdminAlerts(services, config).catch((error: unknown) => services.logger.warn({ err: (error as Error).message }, 'risk alert run failed'));
  }, config.batchMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
