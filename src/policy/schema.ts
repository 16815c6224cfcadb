/**
 * The policies.yaml contract (PRODUCT.md). Field names and values are stable; new fields may be
 * added with defaults, none renamed. Unknown keys are rejected so a typo never silently
 * disables a policy.
 */
import { z } from 'zod';

const name = z.string().min(1).max(128);

export const policyStateSchema = z.enum(['enabled', 'disabled', 'reportOnly']);
export type PolicyState = z.infer<typeof policyStateSchema>;

export const includeSchema = z.strictObject({
  users: z.union([z.literal('all'), z.array(name)]).default([]),
  groups: z.array(name).default([]),
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

export const mfaRegistrationSchema = z.strictObject({
  state: policyStateSchema.default('disabled'),
  ...scopeFields,
  gracePeriodDays: z.number().int().min(0).max(365).default(14),
});

export const signInRiskSchema = z.strictObject({
  state: policyStateSchema.default('disabled'),
  ...scopeFields,
  level: riskLevel.default('medium'),
});

export const userRiskSchema = z.strictObject({
  state: policyStateSchema.default('disabled'),
  ...scopeFields,
  level: riskLevel.default('high'),
});

export const ssprMethodSchema = z.enum(['email', 'totp']);
export type SsprMethod = z.infer<typeof ssprMethodSchema>;

export const ssprSchema = z.strictObject({
  enabledFor: z.union([z.enum(['none', 'all']), z.strictObject({ groups: z.array(name).min(1) })]).default('none'),
  methodsRequired: z.union([z.literal(1), z.literal(2)]).default(1),
  methods: z.array(ssprMethodSchema).min(1).default(['email', 'totp']),
}).refine((sspr) => new Set(sspr.methods).size >= sspr.methodsRequired, {
  message: 'methodsRequired cannot exceed the number of distinct methods',
  path: ['methodsRequired'],
});

export const policiesSchema = z.strictObject({
  mfaRegistration: mfaRegistrationSchema.default(mfaRegistrationSchema.parse({})),
  signInRisk: signInRiskSchema.default(signInRiskSchema.parse({})),
  userRisk: userRiskSchema.default(userRiskSchema.parse({})),
  sspr: ssprSchema.default({ enabledFor: 'none', methodsRequired: 1, methods: ['email', 'totp'] }),
});

export type Policies = z.infer<typeof policiesSchema>;
export type PolicyName = keyof Policies;
export const POLICY_NAMES: ReadonlyArray<PolicyName> = ['mfaRegistration', 'signInRisk', 'userRisk', 'sspr'];

export const DEFAULT_POLICIES: Policies = policiesSchema.parse({});
