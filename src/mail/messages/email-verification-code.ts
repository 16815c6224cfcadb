/** The code that proves a user owns an e-mail address (registration, adding the address for reset). */
import { code, note, paragraph, renderMail } from './layout.ts';
import { expiresIn } from './common.ts';
import type { Brand, MailContent } from './types.ts';

export function emailVerificationCode(args: { brand: Brand; code: string; minutesValid: number }): MailContent {
  return renderMail(args.brand, {
    // The code stays out of the subject: subjects show on lock screens and in notification previews.
    subject: `Verify your e-mail address for ${args.brand.productName}`,
    heading: 'Verify your e-mail address',
    blocks: [
      paragraph('Enter this code to confirm that this e-mail address belongs to you:'),
      code(args.code),
      expiresIn(args.minutesValid),
      note('If you did not ask for this, you can ignore this message. Nobody can use your address without the code.'),
    ],
  });
}
