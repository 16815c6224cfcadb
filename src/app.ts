/**
 * Builds a running Vigil on an open database connection: indexes, policies, keys, clients, the
 * provider (a Koa app) with our routes mounted in front of it. Used by main.ts and by the tests.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type Provider from 'oidc-provider';
import { createSecretBox, parseKeyRing } from './crypto/secret-box.ts';
import type { Clock } from './clock.ts';
import { reportOnlyWriter } from './policy/report-only-writer.ts';
import { loadBranding } from './config/branding.ts';
import { loadClients } from './config/clients.ts';
import type { Settings } from './config/env.ts';
import { ensureIndexes, ensureModelIndexes } from './db/indexes.ts';
import { EXPIRING_COLLECTIONS, schedulePurge } from './db/purge-expired.ts';
import { trustedProxy } from './http/client-ip.ts';
import { notFoundPage } from './http/not-found.ts';
import { refuseFraming } from './http/security-headers.ts';
import { databaseOutage } from './http/unavailable.ts';
import { createCsrfGuard } from './http/csrf.ts';
import { createRenderer } from './http/render.ts';
import { createResetThrottles } from './password/reset/limits.ts';
import { createRouter } from './sign-in/router.ts';
import type { InteractionStep } from './sign-in/interaction-step.ts';
import { selfServiceRouter } from './security-info/router.ts';
import { securityInfoSignIn } from './security-info/sign-in.ts';
import { adminConsoleRouter } from './admin-console/router.ts';
import { adminConsoleSignIn } from './admin-console/sign-in.ts';
import type { Logger } from './log.ts';
import { oidcIndexes } from './oidc/adapter.ts';
import { buildInteractionPolicy } from './oidc/interaction-policy.ts';
import type { CheckDeps } from './sign-in/check-deps.ts';
import { vigilPrompts } from './oidc/prompts.ts';
import { createMailer } from './mail/transport.ts';
import { createRiskEngineFromSettings, ensureRiskIndexes, RISK_EXPIRING_COLLECTIONS, riskSettingsFromEnv } from './risk/index.ts';
import { refreshGuard } from './sign-in/refresh-guard.ts';
import { passwordChangedHooks } from './password/password-changed-hooks.ts';
import { breachedCorpus } from './password/password-rules-service.ts';
import { runDataMigrations } from './data-migrations.ts';
import { reportRouter } from './notices/report-route.ts';
import { createReportLinks, reportLinkKey } from './notices/report-token.ts';
import { scheduleAdminAlerts } from './admin/alerts/admin-alerts.ts';
import { scheduleSignInNotices } from './notices/sign-in-notice.ts';
import { loadAlertsConfig } from './config/alerts.ts';
import { createProvider } from './oidc/provider.ts';
import { applyStepResult } from './sign-in/advance.ts';
import { writeDecisionEffects } from './sign-in/effects.ts';
import { loadSigningKeys } from './oidc/signing-keys.ts';
import { ActivePolicies } from './policy/active-policies.ts';
import { policiesFile } from './policy/store.ts';
import type { Services } from './services.ts';
import { BUILT_IN_METHODS, configureMethods, type MfaMethod } from './mfa/method-registry.ts';
import type { Registry } from 'prom-client';
import { observeDatabaseCommands } from './metrics/db-commands.ts';
import { countTokenGrants } from './metrics/grants.ts';
import { timeRequests } from './metrics/http-timing.ts';
import { noMetrics } from './metrics/metrics.ts';
import { createPrometheusMetrics } from './metrics/prometheus.ts';
import mongoose from 'mongoose';

export const ROOT = resolve(import.meta.dirname, '..');
export const VIEWS_DIR = join(ROOT, 'views');

export interface App {
  provider: Provider;
  services: Services;
  /** The Prometheus registry when METRICS_PORT is set (src/metrics/server.ts serves it). */
  metricsRegistry: Registry | undefined;
  close(): Promise<void>;
}

function derivedSecret(settings: Settings, purpose: string): string {
  return createHash('sha256').update(`${purpose}:${settings.cookieKeys[0] ?? ''}`).digest('base64url');
}

export interface AppOptions {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  /** Environment for settings read by features (risk: RISK_*); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The interaction steps (prompts, pages, routes); defaults to src/sign-in/steps-registry.ts. */
  steps?: readonly InteractionStep[];
  /** The MFA methods (src/mfa/method-registry.ts); defaults to BUILT_IN_METHODS. */
  methods?: readonly MfaMethod[];
  /** Where the pages' views are; defaults to views/ (a test adds the views of a method it defines). */
  viewsDir?: string;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { settings, logger, clock } = options;
  // Before anything reads the registry (the routers mount every method's routes).
  configureMethods(options.methods ?? BUILT_IN_METHODS);

  const { indexes } = oidcIndexes();
  await ensureModelIndexes();
  await runDataMigrations(clock.now(), logger);
  await ensureIndexes(indexes, EXPIRING_COLLECTIONS.map((collection) => ({ collection, field: 'expiresAt' })), logger);
  await ensureRiskIndexes(logger);
  const stopPurge = schedulePurge(clock, logger, 10 * 60_000, RISK_EXPIRING_COLLECTIONS);

  const policies = new ActivePolicies(logger);
  await policies.initialise(policiesFile(settings.configDir), clock);
  policies.startPolling(settings.policyPollMs);

  const prometheus = settings.metricsPort === undefined ? undefined : createPrometheusMetrics();
  const metrics = prometheus?.metrics ?? noMetrics;
  // Command latency needs the connection opened with monitorCommands (main.ts does so with metrics on).
  const stopDbMetrics = prometheus ? observeDatabaseCommands(mongoose.connection.getClient(), metrics) : () => undefined;

  const secretBox = createSecretBox(parseKeyRing(settings.encryptionKeys));
  const signingKeys = await loadSigningKeys({ jwksFile: settings.jwksFile, sealer: secretBox });
  const clients = [...loadClients(settings.configDir, { ...process.env, ISSUER: settings.issuer }), securityInfoSignIn.config(settings.issuer), adminConsoleSignIn(settings.adminMfaStrength).config(settings.issuer)];
  const brand = loadBranding(settings.configDir);
  const renderer = createRenderer(options.viewsDir ?? VIEWS_DIR, brand, { cache: settings.production });

  const risk = await createRiskEngineFromSettings(riskSettingsFromEnv(options.env ?? process.env, settings.configDir), {
    clock,
    logger,
    breachedPasswords: await breachedCorpus(settings.configDir),
    metrics,
  });
  const checks: CheckDeps = { clock, policies, userRiskLevel: (userId) => risk.userRiskLevel(userId), reportOnly: reportOnlyWriter({ clock, logger }) };
  const policy = buildInteractionPolicy(checks, vigilPrompts(checks, options.steps), options.steps);
  const mailer = createMailer({ smtpUrl: settings.smtpUrl, outboxDir: settings.outboxDir, from: settings.mailFrom, logger, logBodies: !settings.production });
  const provider = createProvider({ settings, clients, signingKeys, policy, renderer, logger, refreshAllowed: refreshGuard(checks), applyStepResult: (ctx) => applyStepResult(ctx, clock) });
  if (prometheus) countTokenGrants(provider, metrics);

  const services: Services = {
    settings,
    logger,
    clock,
    policies,
    renderer,
    csrf: createCsrfGuard(derivedSecret(settings, 'csrf')),
    provider,
    risk,
    reportLinks: createReportLinks(reportLinkKey(settings.codePepper), clock),
    resetThrottles: createResetThrottles(clock),
    brand,
    mailer,
    secretBox,
    codePepper: createHash('sha256').update(`code-pepper:${settings.codePepper}`).digest(),
    checks,
    metrics,
    selfServicePasswordChangeUrl: '/security-info/password',
    passwordChangedHooks: passwordChangedHooks(risk),
  };

  const router = createRouter(services, { assetsDir: join(VIEWS_DIR, 'assets'), brand, steps: options.steps });
  if (prometheus) provider.use(timeRequests(metrics));
  provider.use(refuseFraming());
  provider.use(databaseOutage(renderer, logger));
  provider.use(writeDecisionEffects({ reportOnly: checks.reportOnly, risk }));
  provider.use(trustedProxy(settings.trustProxy));
  provider.use(notFoundPage(renderer));
  provider.use(router.routes());
  provider.use(router.allowedMethods());
  provider.use(selfServiceRouter(services).routes());
  provider.use(adminConsoleRouter(services).routes());
  provider.use(reportRouter(services).routes());
  const stopAlerts = scheduleAdminAlerts(services, loadAlertsConfig(settings.configDir));
  const stopNotices = scheduleSignInNotices(services);

  return {
    provider,
    services,
    metricsRegistry: prometheus?.registry,
    async close() {
      stopDbMetrics();
      policies.stopPolling();
      stopPurge();
      stopAlerts();
      stopNotices();
      await mailer.close();
    },
  };
}
