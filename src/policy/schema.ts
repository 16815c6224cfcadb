/**
 * The policies.yaml contract (README.md "policies.yaml"). Field names and values are stable; new
 * fields may be added with defaults, none renamed. The file fails closed: unknown keys are
 * rejected, every policy must be present and must say whether it is on (`state`, `enabledFor`),
 * so neither a typo, a missing section nor an empty file ever silently disables a policy. The
 * other fields default to the protective values the shipped file uses.
 */
import { z } from 'zod';

const name = z.string().min(1).max(128).regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** A switch must be written out: left out, it is an error, never read as "disabled". */
function explicit(choices: string): { error: (issue: { input?: unknown }) => string | undefined } {
  return { error: (issue) => (issue.input === undefined ? `missing: write ${choices} (a policy without it is never taken as off)` : undefined) };
}

export const policyStateSchema = z.enum(['enabled', 'disabled', 'reportOnly'], explicit('enabled, disabled or reportOnly'));
export type PolicyState = z.infer<typeof policyStateSchema>;

/** An include that names nobody would be a policy switched off in disguise: `state` says that. */
export const includeSchema = z.strictObject({
  users: z.union([z.literal('all'), z.array(name)]).default([]),
  groups: z.array(name).default([]),
}).refine((include) => include.users === 'all' || include.users.length > 0 || include.groups.length > 0, {
  message: 'includes nobody: write users: all, or name users or groups (to switch the policy off, write state: disabled)',
});

export const excludeSchema = z.strictObject({
  users: z.array(name).default([]),
  groups: z.array(name).default([]),
});

export const scopeFields = {
  include: includeSchema.default({ users: 'all', groups: [] }),
  exclude: excludeSchema.default({ users: [], groups: [] }),
};

export type PolicyScope = { include: z.infer<typeof includeSchema>; exclude: z.infer<typeof excludeSchema> };

const riskLevel = z.enum(['low', 'medium', 'high']);

/**
 * The authentication strength a policy demands (README.md, "Authentication strengths"): `mfa`
 * is met by any MFA method, `phishingResistant` only by one bound to Vigil's origin (a passkey or
 * security key). Left out it is `mfa`, the documented default: the policy's switch still must be
 * written.
 */
export const strengthSchema = z.enum(['mfa', 'phishingResistant']);
export type PolicyStrength = z.infer<typeof strengthSchema>;

export const mfaRegistrationSchema = z.strictObject({
  state: policyStateSchema,
  ...scopeFields,
  gracePeriodDays: z.number().int().min(0).max(365).default(14),
  strength: strengthSchema.default('mfa'),
});

export const signInRiskSchema = z.strictObject({
  state: policyStateSchema,
  ...scopeFields,
  level: riskLevel.default('medium'),
  strength: strengthSchema.default('mfa'),
});

export const userRiskSchema = z.strictObject({
  state: policyStateSchema,
  ...scopeFields,
  level: riskLevel.default('high'),
  strength: strengthSchema.default('mfa'),
});

export const ssprMethodSchema = z.enum(['email', 'totp']);
export type SsprMethod = z.infer<typeof ssprMethodSchema>;

export const ssprSchema = z.strictObject({
  enabledFor: z.union([z.enum(['none', 'all']), z.strictObject({ groups: z.array(name).min(1) })], explicit('none, all or { groups: [...] }')),
  methodsRequired: z.union([z.literal(1), z.literal(2)]).default(1),
  methods: z.array(ssprMethodSchema).min(1).default(['email', 'totp']),
}).refine((sspr) => new Set(sspr.methods).size >= sspr.methodsRequired, {
  message: 'methodsRequired cannot exceed the number of distinct methods',
  path: ['methodsRequired'],
});

const sectionsSchema = z.strictObject({
  mfaRegistration: mfaRegistrationSchema,
  signInRisk: signInRiskSchema,
  userRisk: userRiskSchema,
  sspr: ssprSchema,
});

export type Policies = z.infer<typeof sectionsSchema>;
export type PolicyName = keyof Policies;
export const POLICY_NAMES: ReadonlyArray<PolicyName> = ['mfaRegistration', 'signInRisk', 'userRisk', 'sspr'];

/**
 * Names every missing policy in one message (an empty or comment-only file lacks all four) before
 * the sections are checked one by one.
 */
export const policiesSchema = z.preprocess((input, ctx) => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const missing = POLICY_NAMES.filter((policy) => ((input as Record<string, unknown>)[policy] ?? null) === null);
  if (missing.length) {
    const what = missing.length === POLICY_NAMES.length ? 'no policy is defined' : `missing ${missing.join(', ')}`;
    ctx.addIssue({ code: 'custom', input, message: `${what}: the file must define all of ${POLICY_NAMES.join(', ')} (a policy left out is never taken as off)` });
  }
  return input;
}, sectionsSchema);

/** What runs before any version is stored, and what a first version is compared with: everything off. */
export const POLICIES_OFF: Policies = sectionsSchema.parse({
  mfaRegistration: { state: 'disabled' },
  signInRisk: { state: 'disabled' },
  userRisk: { state: 'disabled' },
  sspr: { enabledFor: 'none' },
});
