/** Notice after a password change or reset, so a takeover does not go unnoticed by the owner. */
import { formatUtcDateTime } from '../format-date.ts';
import { details, paragraph, renderMail } from './layout.ts';
import { ifThisWasNotYou, ifThisWasYou } from './common.ts';
import type { Brand, MailContent } from './types.ts';

export function passwordChanged(args: { brand: Brand; when: Date; ip?: string | undefined }): MailContent {
  const rows: Array<readonly [string, string]> = [['When', formatUtcDateTime(args.when)]];
  if (args.ip) rows.push(['IP address', args.ip]);
  return renderMail(args.brand, {
    subject: `Your ${args.brand.productName} password was changed`,
    heading: 'Your password was changed',
    blocks: [paragraph('The password of your account was changed.'), details(rows), ifThisWasYou, ifThisWasNotYou],
  });
}
