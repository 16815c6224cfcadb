/** The active policies as the CLI sees them (the newest stored version, or the defaults). */
import { latestPolicyVersion } from '../policy/store.ts';
import { DEFAULT_POLICIES, policiesSchema, type Policies } from '../policy/schema.ts';

export const ActivePoliciesSnapshot = {
  async load(): Promise<Policies> {
    const latest = await latestPolicyVersion();
    return latest ? policiesSchema.parse(latest.policies) : DEFAULT_POLICIES;
  },
};
