/**
 * How an attack shows in one sign-in's detections: the risk left once the attack detections
 * (others' failed passwords) are set aside, and whether the attack is on the account itself
 * (brute force) or comes from the attempt's address or network (spray, malicious IP). The login
 * page uses both to explain to a user without MFA why a new device is refused during an attack.
 */
import { isAttackDetection, type Finding } from './detection-types.ts';
import { highestLevel, type RiskLevel } from './level.ts';

export type AttackKind = 'account' | 'source';

export function riskWithoutAttack(detections: readonly Finding[]): RiskLevel {
  return highestLevel(detections.filter((finding) => !isAttackDetection(finding.type)).map((finding) => finding.level));
}

export function attackKind(detections: readonly Finding[]): AttackKind | null {
  if (detections.some((finding) => finding.type === 'bruteForce')) return 'account';
  return detections.some((finding) => isAttackDetection(finding.type)) ? 'source' : null;
}
