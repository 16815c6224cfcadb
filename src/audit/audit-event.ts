/**
 * The audit trail: one document per admin action, policy apply or change to a user's security
 * info, in `audit_events`. Append-only: documents are inserted with a fresh `_id` and no code
 * updates or deletes them (nor expires them: there is no `expiresAt`).
 */
import mongoose, { Schema, type Types } from 'mongoose';

/** Stable action ids: what a reader (or an alert rule) matches on. */
export const AUDIT_ACTIONS = [
  'user.create', 'user.disable', 'user.enable', 'user.set-password', 'user.require-password-change', 'user.set-profile',
  'group.add', 'group.remove',
  'mfa.reset', 'mfa.extend-grace',
  'risk.dismiss', 'risk.confirm-compromised', 'risk.confirm-safe', 'risk.confirm-sign-in-compromised',
  'policy.apply',
  'security-info.method-added', 'security-info.method-replaced', 'security-info.method-removed', 'security-info.method-renamed',
  'security-info.recovery-codes-regenerated', 'security-info.password-changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditTarget {
  kind: 'user' | 'signIn' | 'policy';
  id: string;
}

export interface AuditEventRecord {
  _id: Types.ObjectId;
  at: Date;
  /** Who: the admin (ADMIN_ACTOR, or the OS user, for the CLI), or the user changing their own security info. */
  actor: string;
  /** From where: `cli@<host>` for the CLI, the client IP for the web. */
  from: string;
  action: AuditAction;
  target: AuditTarget;
  /** The username the event concerns, when it concerns one (`audit --user`). */
  user?: string;
  /** The fields the action changed, as they were and as they became; never secrets or hashes. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

const auditEventSchema = new Schema<AuditEventRecord>({
  at: { type: Date, required: true },
  actor: { type: String, required: true },
  from: { type: String, required: true },
  action: { type: String, required: true, enum: AUDIT_ACTIONS },
  target: { kind: { type: String, required: true }, id: { type: String, required: true } },
  user: { type: String },
  before: { type: Schema.Types.Mixed },
  after: { type: Schema.Types.Mixed },
}, { collection: 'audit_events', versionKey: false });
auditEventSchema.index({ at: -1 });
auditEventSchema.index({ user: 1, at: -1 });
// The console's filters and keyset paging (newest first by `at`, then `_id`).
auditEventSchema.index({ at: -1, _id: -1 });
auditEventSchema.index({ actor: 1, at: -1, _id: -1 });
auditEventSchema.index({ action: 1, at: -1, _id: -1 });

export const AuditEvent = (mongoose.models.AuditEvent as mongoose.Model<AuditEventRecord> | undefined)
  ?? mongoose.model<AuditEventRecord>('AuditEvent', auditEventSchema);
