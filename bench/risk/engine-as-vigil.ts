/**
 * The risk engine built the way Vigil builds it at boot (src/app.ts): the RISK_* defaults — the
 * shipped GeoLite2 city databases, the anonymizer lists of the shipped config — and the shipped
 * breached-password list, so an evaluation here does the same in-memory work as in Vigil
 * (geolocation, list and breach lookups), on a manual clock that can place history in the past.
 */
import { join } from 'node:path';
import type { ManualClock } from '../../src/clock.ts';
import { createRiskEngineFromSettings, riskSettingsFromEnv, type RiskEngine, type RiskSettings } from '../../src/risk/index.ts';
import { breachedCorpus } from '../../src/password/password-rules-service.ts';
import { REPO_ROOT } from '../support/config-dir.ts';

const CONFIG_DIR = join(REPO_ROOT, 'config');

export function riskSettingsAsVigil(): RiskSettings {
  return riskSettingsFromEnv({}, CONFIG_DIR);
}

export async function riskEngineAsVigil(clock: ManualClock): Promise<RiskEngine> {
  return createRiskEngineFromSettings(riskSettingsAsVigil(), {
    clock,
    breachedPasswords: await breachedCorpus(CONFIG_DIR),
  });
}
