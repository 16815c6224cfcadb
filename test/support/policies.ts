/**
 * Complete policies.yaml files for tests: Vigil refuses a file that leaves a policy out, so a
 * test names the sections it cares about and every other policy is written out as off.
 */
import { POLICY_NAMES, type PolicyName } from '../../src/policy/schema.ts';

const OFF: Record<PolicyName, string> = {
  mfaRegistration: '{ state: disabled }',
  signInRisk: '{ state: disabled }',
  userRisk: '{ state: disabled }',
  sspr: '{ enabledFor: none }',
};

/** The given sections (YAML after `name:`), every other policy off. */
export function policiesYaml(sections: Partial<Record<PolicyName, string>> = {}): string {
  return `${POLICY_NAMES.map((policy) => `${policy}: ${sections[policy] ?? OFF[policy]}`).join('\n')}\n`;
}
