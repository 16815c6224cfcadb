/** The risk engine as the CLI uses it: same settings as the server, for reports and admin actions. */
import type { Clock } from '../clock.ts';
import type { Settings } from '../config/env.ts';
import { createRiskEngineFromSettings, riskSettingsFromEnv, type RiskEngine } from '../risk/index.ts';
import { breachedCorpus } from '../password/password-rules-service.ts';

export async function cliRiskEngine(settings: Settings, clock: Clock): Promise<RiskEngine> {
  return createRiskEngineFromSettings(riskSettingsFromEnv(process.env, settings.configDir), {
    clock,
    breachedPasswords: await breachedCorpus(settings.configDir),
  });
}
