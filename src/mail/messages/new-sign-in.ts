/** "Was this you?" notice for a sign-in from somewhere new, with a link to report it. */
import { formatUtcDateTime } from '../format-date.ts';
import { details, link, paragraph, renderMail } from './layout.ts';
import type { Brand, MailContent } from './types.ts';

export interface NewSignInArgs {
  brand: Brand;
  when: Date;
  ip: string;
  location?: string | undefined;
  /** A short browser/OS description or the user agent; long values are shortened. */
  browser?: string | undefined;
  /**
   * The "this wasn't me" link, fully built by the caller from the configured ISSUER (never from
   * a request's Host or X-Forwarded-Host, which an attacker controls). Shown verbatim.
   */
  reportUrl: string;
}

export function newSignIn(args: NewSignInArgs): MailContent {
  const rows: Array<readonly [string, string]> = [
    ['When', formatUtcDateTime(args.when)],
    ['IP address', args.ip],
  ];
  if (args.location) rows.push(['Location', args.location]);
  if (args.browser) rows.push(['Browser', args.browser]);
  return renderMail(args.brand, {
    subject: `New sign-in to your ${args.brand.productName} account`,
    heading: 'New sign-in to your account',
    blocks: [
      paragraph('Your account was used to sign in:'),
      details(rows),
      paragraph('If this was you, you can ignore this message.'),
      paragraph("If this wasn't you, report it right away so your account can be secured:"),
      link(args.reportUrl, "This wasn't me"),
    ],
  });
}
