/** The code for self-service password reset (SSPR) sent to the user's verified e-mail address. */
import { code, note, paragraph, renderMail } from './layout.ts';
import { expiresIn } from './common.ts';
import type { Brand, MailContent } from './types.ts';

export function passwordResetCode(args: { brand: Brand; code: string; minutesValid: number }): MailContent {
  return renderMail(args.brand, {
    subject: `Reset your ${args.brand.productName} password`,
    heading: 'Reset your password',
    blocks: [
      paragraph('Someone asked to reset the password of your account. If it was you, enter this code to continue:'),
      code(args.code),
      expiresIn(args.minutesValid),
      note(
        'If you did not ask for a password reset, ignore this message: your password has not been changed. ' +
          'Never share this code with anyone, including someone who says they are from IT support.',
      ),
    ],
  });
}
