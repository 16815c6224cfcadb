/**
 * Everything a request handler needs, built once at boot (src/app.ts) and passed explicitly, so
 * tests can swap the clock, the mailer or the settings without touching globals.
 */
import type Provider from 'oidc-provider';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Clock } from './clock.ts';
import type { Settings } from './config/env.ts';
import type { CsrfGuard } from './http/csrf.ts';
import type { Brand, Renderer } from './http/render.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mail/mailer.ts';
import type { PasswordChangedEvent } from './password/password-changed-event.ts';
import type { RiskEngine } from './risk/engine.ts';
import type { ReportLinks } from './notices/report-token.ts';
import type { ResetThrottles } from './password/reset/limits.ts';
import type { CheckDeps } from './sign-in/check-deps.ts';
import type { ActivePolicies } from './policy/active-policies.ts';
import type { Metrics } from './metrics/metrics.ts';

export interface Services {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  policies: ActivePolicies;
  renderer: Renderer;
  csrf: CsrfGuard;
  provider: Provider;
  risk: RiskEngine;
  /** The "this wasn't me" links of the new-sign-in notice (src/notices/report-token.ts). */
  reportLinks: ReportLinks;
  /** The password reset's own limits (src/password/reset/limits.ts). */
  resetThrottles: ResetThrottles;
  brand: Brand;
  mailer: Mailer;
  secretBox: SecretBox;
  /** Keys the hashes of e-mailed one-time codes. */
  codePepper: Buffer;
  checks: CheckDeps;
  /** Prometheus counters (src/metrics/); a no-op when metrics are off. */
  metrics: Metrics;
  /** Where the security info page links for a password change (set by the password feature). */
  selfServicePasswordChangeUrl?: string;
  /** Run after every password change (e.g. the risk engine remediating user risk). */
  passwordChangedHooks: Array<(event: PasswordChangedEvent) => Promise<void>>;
}
