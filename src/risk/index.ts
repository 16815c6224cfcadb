/**
 * The risk engine's public API: a pure core (detections, assessment, profiles, counters, its
 * records in models/) that imports nothing from the web or admin layers (test/unit/risk/
 * boundaries.test.ts checks). Report links live in src/notices/, reports in
 * src/admin/risk-reports.ts, replay in src/policy/replay.ts. What the server calls, in order:
 *
 *   boot:       const engine = await createRiskEngineFromSettings(riskSettingsFromEnv(process.env, CONFIG_DIR),
 *                 { clock, logger, breachedPasswords, metrics });
 *               await ensureRiskIndexes(logger);          // TTL on MongoDB, skipped on FerretDB
 *               periodically: await engine.purgeExpiredEvents();
 *   login POST: 1. (before argon2) const s = await engine.snapshot({ ip, userId? })        (3 `_id` reads)
 *                  engine.throttle({ ip, userId?, deviceId?, snapshot: s }) → 429 when throttled;
 *                  else, once the password proves right, its giveBack?.() (a trusted device's own bucket)
 *               2. after the password check, success OR failure:
 *                  const a = await engine.assess({ username, userId?, clientId, ip, deviceId, userAgent, passwordOk, password? | passwordBreached?, passwordChangedAt? }, s)
 *                  → a.signInRisk, a.userRisk (feed the policies), a.throttle, a.eventId
 *               3. const { eventId } = await engine.record(a, { outcome, decisions })
 *                  outcome: 'success' | 'mfaRequired' | 'blocked' | 'failedPassword' | 'failedPasskey' | 'unknownUser' | 'throttled' | 'mfaFailed'
 *               4. keep eventId in the session (SignInStep.signInId)
 *   the flow's first owed decision (MFA the app asks for, registration): engine.amendDecision(eventId, added)
 *   MFA ok:     engine.remediateSignIn(eventId)        (after ANY MFA completed for that sign-in)
 *   MFA failed: engine.recordStep(eventId, 'mfa', 'failure')
 *   late finding (a cloned passkey at the MFA step): engine.recordLateDetection(eventId, finding)
 *   secure password change after MFA (user risk): engine.remediateUserRisk(userId)
 *   checks:     engine.userRiskLevel(userId)            (CheckDeps.userRiskLevel)
 *   admin:      engine.dismissUserRisk(userId, by), engine.confirmCompromised(userId, by) (then revoke sessions),
 *               engine.confirmSignInSafe(eventId, by), engine.confirmSignInCompromised(eventId, by)
 */
export { createRiskEngine, createRiskEngineFromSettings, type RiskEngine, type RiskEngineOptions } from './engine.ts';
export type { BreachedPasswordChecker, RiskAssessment, SignInAttempt } from './attempt.ts';
export type { RiskSnapshot } from './assess.ts';
export type { RecordedSignIn, RecordOptions } from './record.ts';
export type { SignInRemediationResult, UserRiskResult } from './remediation.ts';
export type { ThrottleDecision } from './throttle.ts';
export type { Finding, DetectionType } from './detection-types.ts';
export type { RiskState } from './state.ts';
export { riskSettingsFromEnv, RiskSettingsError, type RiskSettings } from './settings.ts';
export { ensureRiskIndexes, purgeExpiredEvents, RISK_EXPIRING_COLLECTIONS, RISK_TTL_INDEXES } from './retention.ts';
export { openGeolocator, staticGeolocator, defaultGeoDatabases, type Geolocator, type IpLocation } from './geo.ts';
export { loadAnonymousIpList, staticAnonymousIpList, type AnonymousIpList } from './anonymous-ips.ts';
