/**
 * Writing one audit event, in the code path of the action it records. An insert with a fresh
 * `_id` is the only write the trail ever gets. Fields that hold secrets are dropped here as well
 * as never being passed, so a careless caller cannot put a hash in the trail.
 */
import { Types } from 'mongoose';
import { AuditEvent, type AuditAction, type AuditTarget } from './audit-event.ts';

/** Who acts and from where. */
export interface AuditActor {
  actor: string;
  from: string;
}

export interface AuditEntry {
  action: AuditAction;
  target: AuditTarget;
  user?: string | undefined;
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
}

const SECRET_FIELDS = /^(password|passwordHash|hash|secret|sealedSecret|codes|recoveryCodes|emailCodeHash|token)$/i;

function withoutSecrets(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => !SECRET_FIELDS.test(key) && value !== undefined));
}

export async function recordAudit(by: AuditActor, entry: AuditEntry, at: Date): Promise<void> {
  const before = withoutSecrets(entry.before);
  const after = withoutSecrets(entry.after);
  await AuditEvent.collection.insertOne({
    _id: new Types.ObjectId(),
    at,
    actor: by.actor,
    from: by.from,
    action: entry.action,
    target: entry.target,
    ...(entry.user ? { user: entry.user } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
}

/** A user acting on their own account (security info, password): the actor is themself. */
export function selfActor(user: { username: string }, ip: string | undefined): AuditActor {
  return { actor: user.username, from: ip ?? 'unknown' };
}
