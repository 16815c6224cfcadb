/**
 * "Was this you?" notices: one sign-in from somewhere new (risky ones, sent at once), or a batch
 * of sign-ins from new devices in unfamiliar places; each with its own link to report it. Times
 * are in the user's time zone when it is known, else marked UTC.
 */
import { formatDateTimeFor } from '../format-date.ts';
import { details, link, paragraph, renderMail, type Block } from './layout.ts';
import type { Brand, MailContent } from './types.ts';

export interface SignInSeen {
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

export interface NewSignInArgs extends SignInSeen {
  brand: Brand;
  /** The user's IANA time zone (profile `zoneinfo`), if known. */
  timeZone?: string | undefined;
}

export interface NewSignInsArgs {
  brand: Brand;
  signIns: readonly SignInSeen[];
  timeZone?: string | undefined;
}

function signInBlocks(signIn: SignInSeen, timeZone: string | undefined): Block[] {
  const rows: Array<readonly [string, string]> = [
    ['When', formatDateTimeFor(signIn.when, timeZone)],
    ['IP address', signIn.ip],
  ];
  if (signIn.location) rows.push(['Location', signIn.location]);
  if (signIn.browser) rows.push(['Browser', signIn.browser]);
  return [details(rows), link(signIn.reportUrl, "This wasn't me")];
}

export function newSignIns(args: NewSignInsArgs): MailContent {
  const one = args.signIns.length === 1;
  return renderMail(args.brand, {
    subject: one ? `New sign-in to your ${args.brand.productName} account` : `${args.signIns.length} new sign-ins to your ${args.brand.productName} account`,
    heading: one ? 'New sign-in to your account' : 'New sign-ins to your account',
    blocks: [
      paragraph(one ? 'Your account was used to sign in:' : 'Your account was used to sign in from these new devices:'),
      paragraph('If this was you, you can ignore this message.'),
      paragraph("If a sign-in wasn't you, report it right away with its link so your account can be secured."),
      ...args.signIns.flatMap((signIn) => signInBlocks(signIn, args.timeZone)),
    ],
  });
}

export function newSignIn(args: NewSignInArgs): MailContent {
  const { brand, timeZone, ...signIn } = args;
  return newSignIns({ brand, timeZone, signIns: [signIn] });
}
