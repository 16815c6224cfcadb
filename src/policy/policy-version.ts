/**
 * Every applied policies.yaml is a new immutable version: who applied it, when, from which file,
 * and what changed. The highest version is the active one.
 */
import mongoose, { Schema, type Types } from 'mongoose';
import type { Policies } from './schema.ts';

export interface PolicyChange {
  path: string;
  from: unknown;
  to: unknown;
  /** Set when the change weakens protection (applied with --allow-weaker). */
  weakens?: true;
}

export interface PolicyVersionRecord {
  _id: Types.ObjectId;
  version: number;
  policies: Policies;
  appliedBy: string;
  appliedAt: Date;
  source: string;
  changes: PolicyChange[];
}

const policyVersionSchema = new Schema<PolicyVersionRecord>({
  version: { type: Number, required: true, unique: true },
  policies: { type: Schema.Types.Mixed, required: true },
  appliedBy: { type: String, required: true },
  appliedAt: { type: Date, required: true },
  source: { type: String, required: true },
  changes: { type: Schema.Types.Mixed, default: [] },
}, { collection: 'policy_versions', minimize: false });

export const PolicyVersion = (mongoose.models.PolicyVersion as mongoose.Model<PolicyVersionRecord> | undefined)
  ?? mongoose.model<PolicyVersionRecord>('PolicyVersion', policyVersionSchema);
