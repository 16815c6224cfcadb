/** Batched alert to administrators: users identity protection has just flagged at risk. */
import type { RiskLevel } from '../../risk/level.ts';
import { list, note, paragraph, renderMail } from './layout.ts';
import type { Brand, MailContent } from './types.ts';

export interface RiskyUser {
  username: string;
  level: RiskLevel;
  reasons: readonly string[];
}

// A burst (credential stuffing against many accounts) must not produce a megabyte e-mail;
// the admin CLI has the full list.
export const MAX_LISTED_USERS = 50;

export function adminRiskAlert(args: { brand: Brand; users: readonly RiskyUser[] }): MailContent {
  const count = args.users.length;
  const listed = args.users.slice(0, MAX_LISTED_USERS).map(
    (user) => `${user.username}: ${user.level} risk${user.reasons.length ? ` (${user.reasons.join('; ')})` : ''}`,
  );
  const more = count - listed.length;
  return renderMail(args.brand, {
    // Only the count goes in the subject: usernames are user-chosen text.
    subject: `${args.brand.productName}: ${count} user${count === 1 ? '' : 's'} flagged at risk`,
    heading: 'Users flagged at risk',
    blocks: [
      paragraph(`Identity protection flagged ${count} user${count === 1 ? '' : 's'}:`),
      list(listed),
      ...(more > 0 ? [paragraph(`…and ${more} more.`)] : []),
      note('Review them with the admin CLI risk report, then dismiss the risk or confirm the account compromised.'),
    ],
  });
}
