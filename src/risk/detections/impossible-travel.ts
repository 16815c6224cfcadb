/**
 * Atypical (impossible) travel: the distance from the user's last trusted sign-in location
 * (haversine) cannot be covered in the elapsed time at 1000 km/h, after allowing 500 km for
 * geolocation error. Skipped when either location is unknown, when the IP is an anonymizer exit
 * (the anonymous-IP detection covers it) or when the network is the same one (mobile carriers
 * geolocate their users far apart). Failed attempts are checked too; only trusted sign-ins move
 * the reference location.
 *   - high:   the trip would need 3000 km/h or more
 *   - medium: otherwise, beyond 1000 km/h + 500 km
 */
import { HOUR, MINUTE } from '../../clock.ts';
import { distanceKm } from '../distance.ts';
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

export const MAX_SPEED_KMH = 1000;
export const TOLERANCE_KM = 500;
export const HIGH_SPEED_KMH = 3000;

function evaluate(context: DetectionContext): DetectionVerdict | null {
  const last = context.profile?.lastLocation;
  const here = context.location;
  if (!last || here?.latitude === undefined || here.longitude === undefined) return null;
  if (context.anonymousList || last.network === context.network) return null;
  const km = distanceKm(last, { latitude: here.latitude, longitude: here.longitude });
  const elapsedMs = Math.max(0, context.now.getTime() - last.at.getTime());
  const hours = elapsedMs / HOUR;
  if (km <= MAX_SPEED_KMH * hours + TOLERANCE_KM) return null;
  const speed = km / Math.max(hours, MINUTE / HOUR);
  const from = [last.city, last.country].filter(Boolean).join(', ') || 'the previous location';
  const to = [here.city, here.country].filter(Boolean).join(', ') || 'this location';
  const minutes = Math.round(elapsedMs / MINUTE);
  const reason = `${Math.round(km)} km from ${from} to ${to} in ${minutes} min (would need ${Math.round(speed)} km/h)`;
  return { level: speed >= HIGH_SPEED_KMH ? 'high' : 'medium', reason };
}

export const impossibleTravel: Detection = { type: 'impossibleTravel', scope: 'signIn', evaluate };
