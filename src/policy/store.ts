/**
 * Policies as versioned documents in MongoDB. `policy apply` validates the file and stores a new
 * version; a version number is claimed by a unique index, so two admins applying at once both
 * get a version and neither overwrites the other. A bad file never reaches the database.
 */
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import { PolicyVersion, type PolicyChange, type PolicyVersionRecord } from './policy-version.ts';
import { readYamlFile } from '../config/yaml-file.ts';
import { diffValues } from './diff.ts';
import { weakenedPaths } from './weakening.ts';
import { POLICIES_OFF, policiesSchema, type Policies } from './schema.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';

export function policiesFile(configDir: string): string {
  return join(configDir, 'policies.yaml');
}

export function loadPoliciesFile(file: string): Policies {
  return readYamlFile(file, policiesSchema);
}

export async function latestPolicyVersion(): Promise<PolicyVersionRecord | null> {
  return PolicyVersion.findOne({}).sort({ version: -1 }).lean<PolicyVersionRecord>();
}

export type ApplyResult =
  | { status: 'APPLIED'; version: number; changes: PolicyChange[] }
  | { status: 'UNCHANGED'; version: number }
  /** Refused: the change weakens protection at `weakened` and `allowWeaker` was not given. */
  | { status: 'WEAKER'; version: number; changes: PolicyChange[]; weakened: string[] };

/**
 * Stores `policies` as the next version. A change that weakens protection (policy/weakening.ts)
 * is stored only with `allowWeaker`; its diff entries say `weakens: true`, in the dry run and in
 * the audit trail alike. A first version weakens nothing.
 */
export async function applyPolicies(
  policies: Policies,
  options: { appliedBy: string; source: string; clock: Clock; dryRun?: boolean; allowWeaker?: boolean; auditActor?: AuditActor },
): Promise<ApplyResult> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const latest = await latestPolicyVersion();
    // A stored version that no longer validates can only be replaced: nothing valid to weaken.
    const stored = latest ? policiesSchema.safeParse(latest.policies) : undefined;
    const weakened = new Set(stored?.success ? weakenedPaths(stored.data, policies) : []);
    const changes = diffValues(latest?.policies ?? POLICIES_OFF, policies).map((change) => (weakened.has(change.path) ? { ...change, weakens: true as const } : change));
    if (latest && changes.length === 0) return { status: 'UNCHANGED', version: latest.version };
    const version = (latest?.version ?? 0) + 1;
    if (options.dryRun) return { status: 'APPLIED', version, changes };
    if (weakened.size && !options.allowWeaker) return { status: 'WEAKER', version, changes, weakened: [...weakened] };
    try {
      const appliedAt = options.clock.now();
      await PolicyVersion.create({
        version,
        policies,
        appliedBy: options.appliedBy,
        appliedAt,
        source: options.source,
        changes,
      });
      await recordAudit(options.auditActor ?? { actor: options.appliedBy, from: 'system' }, {
        action: 'policy.apply',
        target: { kind: 'policy', id: String(version) },
        before: { version: latest?.version ?? 0, values: changes.map((change) => ({ path: change.path, value: change.from })) },
        after: { version, values: changes.map((change) => ({ path: change.path, value: change.to })), weakens: changes.filter((change) => change.weakens).map((change) => change.path) },
      }, appliedAt);
      return { status: 'APPLIED', version, changes };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error('could not claim a policy version after 5 attempts');
}

/** The active policies as stored (the newest version), or everything off on an empty database. */
export async function storedPolicies(): Promise<Policies> {
  const latest = await latestPolicyVersion();
  return latest ? policiesSchema.parse(latest.policies) : POLICIES_OFF;
}
