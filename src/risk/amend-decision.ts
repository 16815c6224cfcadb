/**
 * The recorded sign-in's decision completed once the flow's first owed decision is made
 * (src/sign-in/effects.ts): MFA the app asks for, or a registration the user owes, turns a
 * sign-in the password allowed into `mfaRequired` and adds the decision naming why. Idempotent
 * (`$addToSet`), and only a sign-in that went on from the password is changed.
 */
import { SignInEvent, type PolicyDecisionRecord } from './models/sign-in-event.ts';

export async function amendDecision(eventId: string, added: readonly PolicyDecisionRecord[]): Promise<boolean> {
  if (!added.length) return false;
  const result = await SignInEvent.collection.updateOne(
    { _id: eventId as never, outcome: { $in: ['success', 'mfaRequired'] } },
    { $set: { outcome: 'mfaRequired' }, $addToSet: { decisions: { $each: [...added] } } },
  );
  return result.modifiedCount === 1;
}
