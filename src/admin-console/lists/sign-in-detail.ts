/**
 * One sign-in for its detail page, read by `_id` (the one lookup FerretDB serves from an index):
 * where (address, network, place), the device, the app, the detections with their reasons, the
 * decisions each policy took and the steps after (MFA, password change). Expired events are gone.
 */
import { SignInEvent, type SignInEventRecord } from '../../risk/models/sign-in-event.ts';

export interface SignInDetail {
  event: SignInEventRecord;
  place: string | null;
}

export async function loadSignInDetail(id: string, now: Date): Promise<SignInDetail | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const event = await SignInEvent.collection.findOne<SignInEventRecord>({ _id: id as never });
  if (!event || event.expiresAt <= now) return null;
  const place = [event.city, event.region, event.country].filter(Boolean).join(', ') || null;
  return { event, place };
}
