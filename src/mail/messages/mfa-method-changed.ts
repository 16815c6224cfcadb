/** Notices when a sign-in verification method (TOTP app, e-mail, recovery codes) is added or removed. */
import { formatUtcDateTime } from '../format-date.ts';
import { details, paragraph, renderMail } from './layout.ts';
import { ifThisWasNotYou, ifThisWasYou } from './common.ts';
import type { Brand, MailContent } from './types.ts';

interface MethodChange {
  brand: Brand;
  /** e.g. "Authenticator app"; may include a user-chosen nickname, so it stays out of the subject. */
  methodLabel: string;
  when: Date;
}

export function mfaMethodAdded(args: MethodChange): MailContent {
  return renderMail(args.brand, {
    subject: `A sign-in method was added to your ${args.brand.productName} account`,
    heading: 'A sign-in method was added',
    blocks: [
      paragraph('A new method for verifying your identity was added to your account.'),
      details([
        ['Method', args.methodLabel],
        ['When', formatUtcDateTime(args.when)],
      ]),
      ifThisWasYou,
      ifThisWasNotYou,
    ],
  });
}

export function mfaMethodRemoved(args: MethodChange): MailContent {
  return renderMail(args.brand, {
    subject: `A sign-in method was removed from your ${args.brand.productName} account`,
    heading: 'A sign-in method was removed',
    blocks: [
      paragraph('A method for verifying your identity was removed from your account.'),
      details([
        ['Method', args.methodLabel],
        ['When', formatUtcDateTime(args.when)],
      ]),
      ifThisWasYou,
      ifThisWasNotYou,
    ],
  });
}
