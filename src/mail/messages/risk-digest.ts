/** Periodic summary of identity-protection activity for administrators. */
import type { RiskLevel } from '../../risk/level.ts';
import { formatUtcDate, formatUtcDateTime } from '../format-date.ts';
import { details, list, paragraph, renderMail } from './layout.ts';
import type { Block } from './layout.ts';
import type { Brand, MailContent } from './types.ts';

export interface RiskSummary {
  riskyUsers: number;
  riskySignIns: number;
  remediated: number;
  /** Highest-risk users first, as the caller ranks them. */
  top: ReadonlyArray<{ username: string; level: RiskLevel }>;
}

export function riskDigest(args: { brand: Brand; periodStart: Date; periodEnd: Date; summary: RiskSummary }): MailContent {
  const { summary } = args;
  const topBlocks: Block[] = summary.top.length
    ? [paragraph('Users with the highest risk:'), list(summary.top.map((user) => `${user.username}: ${user.level} risk`))]
    : [paragraph('No user is at risk at the moment.')];
  return renderMail(args.brand, {
    subject: `${args.brand.productName} risk digest ${formatUtcDate(args.periodStart)} to ${formatUtcDate(args.periodEnd)}`,
    heading: 'Risk digest',
    blocks: [
      paragraph(`Identity protection activity from ${formatUtcDateTime(args.periodStart)} to ${formatUtcDateTime(args.periodEnd)}.`),
      details([
        ['Users at risk', String(summary.riskyUsers)],
        ['Risky sign-ins', String(summary.riskySignIns)],
        ['Risks remediated', String(summary.remediated)],
      ]),
      ...topBlocks,
    ],
  });
}
