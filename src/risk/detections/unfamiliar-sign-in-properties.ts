/**
 * Unfamiliar sign-in properties: the device, network, country or browser has not been seen in
 * this user's recent trusted sign-ins (the 20 most recent of each). Nothing fires during the
 * learning period — until the user has 5 trusted sign-ins spread over at least 2 days — so a new
 * user's first sign-ins are not risky. A new IP alone never fires (addresses change all the time
 * inside a known network); a missing device id counts as a new device only for a user who
 * usually has one.
 *   - high:   new country AND new network AND (new device or new browser)
 *   - medium: new country; or new network with a new device or browser
 *   - low:    new network alone; or new device and new browser on a known network
 */
import { DAY } from '../../clock.ts';
import { knows } from '../profile.ts';
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

export const LEARNING_MIN_SIGN_INS = 5;
export const LEARNING_MIN_AGE_MS = 2 * DAY;

export function learningComplete(context: DetectionContext): boolean {
  const profile = context.profile;
  if (!profile?.firstLearnedAt || profile.learnedSignIns < LEARNING_MIN_SIGN_INS) return false;
  return context.now.getTime() - profile.firstLearnedAt.getTime() >= LEARNING_MIN_AGE_MS;
}

function evaluate(context: DetectionContext): DetectionVerdict | null {
  const profile = context.profile;
  if (!profile || !learningComplete(context)) return null;
  const country = context.location?.country;
  const newCountry = country !== undefined && profile.countries.length > 0 && !knows(profile.countries, country);
  const newNetwork = !knows(profile.networks, context.network);
  const newBrowser = !knows(profile.browsers, context.browser);
  const newDevice = context.deviceId === undefined ? profile.devices.length > 0 : !knows(profile.devices, context.deviceId);
  const newIp = !knows(profile.ips, context.ip);

  const unfamiliar: string[] = [];
  if (newCountry) unfamiliar.push(`country ${country}`);
  if (newNetwork) unfamiliar.push(`network ${context.network}`);
  if (newDevice) unfamiliar.push(context.deviceId === undefined ? 'no device id' : 'device');
  if (newBrowser) unfamiliar.push(`browser ${context.browser}`);
  if (newIp) unfamiliar.push(`IP ${context.ip}`);
  const reason = `not seen before for this user: ${unfamiliar.join(', ')}`;

  if (newCountry && newNetwork && (newDevice || newBrowser)) return { level: 'high', reason };
  if (newCountry || (newNetwork && (newDevice || newBrowser))) return { level: 'medium', reason };
  if (newNetwork || (newDevice && newBrowser)) return { level: 'low', reason };
  return null;
}

export const unfamiliarSignInProperties: Detection = { type: 'unfamiliarSignInProperties', scope: 'signIn', evaluate };
