/**
 * Sent instead of a code when someone chooses "e-mail me a code" to reset the password of an
 * account that cannot use self-service reset (out of scope, or not enough methods registered).
 * The web page says the same thing for every account, so only the owner of the mailbox learns
 * this. Its subject says what it is, never "Reset your password": there is nothing to reset with.
 */
import { note, paragraph, renderMail } from './layout.ts';
import type { Brand, MailContent } from './types.ts';

export function passwordResetUnavailable(args: { brand: Brand }): MailContent {
  return renderMail(args.brand, {
    subject: `You can't reset your ${args.brand.productName} password yourself`,
    heading: 'Contact your administrator',
    blocks: [
      paragraph('Someone asked to reset the password of your account, but self-service password reset is not available for it.'),
      paragraph('To reset your password, contact your administrator.'),
      note('If you did not ask for a password reset, ignore this message: your password has not been changed.'),
    ],
  });
}
