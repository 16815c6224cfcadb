/** Risk levels, ordered. Policies fire "at or above" a level; `none` never fires one. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type DetectionLevel = Exclude<RiskLevel, 'none'>;

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function atOrAbove(level: RiskLevel, threshold: RiskLevel): boolean {
  return threshold !== 'none' && levelRank(level) >= levelRank(threshold);
}

export function highestLevel(levels: Iterable<RiskLevel>): RiskLevel {
  let highest: RiskLevel = 'none';
  for (const level of levels) if (levelRank(level) > levelRank(highest)) highest = level;
  return highest;
}
