/** Notices about recovery codes: a new set replaced the old one, or one code was spent. */
import { formatUtcDateTime } from '../format-date.ts';
import { details, paragraph, renderMail } from './layout.ts';
import type { Block } from './layout.ts';
import { ifThisWasNotYou, ifThisWasYou } from './common.ts';
import type { Brand, MailContent } from './types.ts';

// Below this many codes left the user is nudged to generate a fresh set before they run out.
const LOW_REMAINING = 3;

export function recoveryCodesRegenerated(args: { brand: Brand; when: Date }): MailContent {
  return renderMail(args.brand, {
    subject: `New recovery codes for your ${args.brand.productName} account`,
    heading: 'New recovery codes were generated',
    blocks: [
      paragraph('New recovery codes were generated for your account. The previous codes no longer work.'),
      details([['When', formatUtcDateTime(args.when)]]),
      ifThisWasYou,
      ifThisWasNotYou,
    ],
  });
}

export function recoveryCodeUsed(args: { brand: Brand; when: Date; remaining: number }): MailContent {
  if (!Number.isInteger(args.remaining) || args.remaining < 0) throw new RangeError('remaining must be a non-negative integer');
  const advice: Block[] = [];
  if (args.remaining === 0) {
    advice.push(paragraph('You have no recovery codes left. Generate new ones on your security info page.'));
  } else if (args.remaining <= LOW_REMAINING) {
    advice.push(paragraph('You are running low on recovery codes. Consider generating new ones on your security info page.'));
  }
  return renderMail(args.brand, {
    subject: `A recovery code was used on your ${args.brand.productName} account`,
    heading: 'A recovery code was used',
    blocks: [
      paragraph('A recovery code was used to sign in to your account.'),
      details([
        ['When', formatUtcDateTime(args.when)],
        ['Codes left', String(args.remaining)],
      ]),
      ...advice,
      ifThisWasNotYou,
    ],
  });
}
