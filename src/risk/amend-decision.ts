/**
 * The recorded sign-in's decision completed once the flow's first owed decision is made
 * (src/sign-in/effects.ts): MFA the app asks for, or a registration the user owes, turns a
 * sign-in the password allowed into `mfaRequired` and adds the decision naming why. Idempotent
 * (`$addToSet`), and only a sign-in that went on from the password is changed. Returns the
 * outcome it had before (the metrics count a `success` turned `mfaRequired`), null if none was
 * amended; one command, as the update alone was, and the outcome's streams when it changed
 * (src/risk/streams/sign-in-streams.ts).
 */
import { appendToStreams } from '../db/streams/append.ts';
import { SignInEvent, type PolicyDecisionRecord, type SignInEventRecord, type SignInOutcome } from './models/sign-in-event.ts';
import { outcomeChangeItems } from './streams/sign-in-streams.ts';

export type AmendableOutcome = Extract<SignInOutcome, 'success' | 'mfaRequired'>;

export async function amendDecision(eventId: string, added: readonly PolicyDecisionRecord[]): Promise<AmendableOutcome | null> {
  if (!added.length) return null;
  const before = await SignInEvent.collection.findOneAndUpdate(
    { _id: eventId as never, outcome: { $in: ['success', 'mfaRequired'] } },
    { $set: { outcome: 'mfaRequired' }, $addToSet: { decisions: { $each: [...added] } } },
    // No projection: FerretDB 1.24's findAndModify does not take one.
    { returnDocument: 'before' },
  );
  if (!before) return null;
  const event = before as unknown as SignInEventRecord;
  await appendToStreams(outcomeChangeItems(event, event.outcome, 'mfaRequired'));
  return event.outcome as AmendableOutcome;
}
