/** Notices when a sign-in verification method (any registry method, or the reset e-mail) is added, replaced or removed: the method is named by its label. */
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

function methodChanged(args: MethodChange, subject: string, heading: string, body: string): MailContent {
  return renderMail(args.brand, {
    subject,
    heading,
    blocks: [
      paragraph(body),
      details([
        ['Method', args.methodLabel],
        ['When', formatUtcDateTime(args.when)],
      ]),
      ifThisWasYou,
      ifThisWasNotYou,
    ],
  });
}

export function mfaMethodAdded(args: MethodChange): MailContent {
  return methodChanged(args, `A sign-in method was added to your ${args.brand.productName} account`, 'A sign-in method was added',
    'A new method for verifying your identity was added to your account.');
}

/** A new authenticator app took the place of the old one, and new recovery codes that of the old ones. */
export function mfaMethodReplaced(args: MethodChange): MailContent {
  return methodChanged(args, `Your authenticator app was replaced on your ${args.brand.productName} account`, 'Your authenticator app was replaced',
    'A new authenticator app replaced the previous one on your account. The previous app and your previous recovery codes no longer work: new recovery codes were created.');
}

export function mfaMethodRemoved(args: MethodChange): MailContent {
  return methodChanged(args, `A sign-in method was removed from your ${args.brand.productName} account`, 'A sign-in method was removed',
    'A method for verifying your identity was removed from your account.');
}
