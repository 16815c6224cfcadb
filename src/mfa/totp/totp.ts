/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the form every
 * authenticator app supports. Secrets are 160 random bits (RFC 4226 §4 recommends 160).
 *
 * Verification accepts the current step and one step either side (clock drift between phone and
 * server) and rejects any step at or before the last one accepted, so a code cannot be replayed
 * within its window (NIST SP 800-63B §5.1.4.2). The caller stores the returned step atomically
 * (a conditional update "only if lastUsedStep < step"), which also stops two concurrent requests
 * from both succeeding with one code.
 */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { toDataURL } from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted on either side of the current one. */
export const TOTP_WINDOW_STEPS = 1;
const SECRET_BYTES = 20;

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'INVALID' | 'REPLAYED' };

/** Base32 (RFC 4648, no padding), 32 characters for 160 bits: what authenticator apps expect. */
export function generateTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/**
 * `otpauth://totp/Issuer:account?secret=…&issuer=Issuer` (Google Authenticator key URI format).
 * Colons are refused rather than guessed at: the label uses ":" to separate issuer from account.
 */
export function totpUri(input: { issuer: string; accountName: string; secret: string }): string {
  if (input.issuer.includes(':')) throw new Error(`TOTP issuer must not contain ":" (got "${input.issuer}")`);
  if (input.accountName.includes(':')) throw new Error('TOTP account name must not contain ":"');
  return generateURI({
    strategy: 'totp',
    issuer: input.issuer,
    label: input.accountName,
    secret: input.secret,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** The time step `now` falls in (seconds since the epoch / 30, rounded down). */
export function totpStep(now: Date): number {
  return Math.floor(epochSeconds(now) / TOTP_PERIOD_SECONDS);
}

export function verifyTotp(input: { secret: string; code: string; now: Date; lastUsedStep?: number }): TotpResult {
  const { secret, now, lastUsedStep } = input;
  // Apps and users group digits ("123 456"); anything else than six digits cannot match.
  const code = input.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'INVALID' };
  if (lastUsedStep !== undefined && !(Number.isSafeInteger(lastUsedStep) && lastUsedStep >= 0)) {
    throw new Error(`lastUsedStep must be a non-negative integer, got ${lastUsedStep}`);
  }

  const epoch = epochSeconds(now);
  const options = {
    secret,
    token: code,
    epoch,
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
  } as const;
  const newestStep = totpStep(now) + TOTP_WINDOW_STEPS;
  // otplib throws when afterTimeStep lies beyond the window; then no step in it can be fresh.
  if (lastUsedStep === undefined || lastUsedStep < newestStep) {
    const fresh = verifySync({ ...options, afterTimeStep: lastUsedStep });
    // otplib's functional verify is typed for TOTP and HOTP alike; only the TOTP result has timeStep.
    if (fresh.valid && 'timeStep' in fresh) return { ok: true, step: fresh.timeStep };
  }
  if (lastUsedStep !== undefined && verifySync(options).valid) return { ok: false, reason: 'REPLAYED' };
  return { ok: false, reason: 'INVALID' };
}

/** The code an authenticator shows at `now`: for tests and diagnostics, never sent to users. */
export function currentTotpCode(secret: string, now: Date): string {
  return generateSync({ secret, epoch: epochSeconds(now), period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS, algorithm: 'sha1' });
}

/** PNG data URL of the enrolment QR code. */
export function qrCodeDataUrl(uri: string): Promise<string> {
  return toDataURL(uri, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

function epochSeconds(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new Error('Invalid date given to TOTP');
  return Math.floor(ms / 1000);
}
