/**
 * Every word a user reads, under a stable id. Pages and errors refer to ids, never to literal
 * text, so wording changes (or a translation) happen here alone. `{name}` marks a parameter.
 *
 * Each feature keeps its own words next to its pages (its `texts.ts`); the words every page
 * shares (errors, buttons) are here.
 */
import { signInTexts } from '../sign-in/texts.ts';
import { mfaTexts } from '../mfa/texts.ts';
import { securityInfoTexts } from '../security-info/texts.ts';
import { adminConsoleTexts } from '../admin-console/texts.ts';
import { adminActionTexts } from '../admin-console/actions/texts.ts';
import { passwordTexts } from '../password/texts.ts';
import { resetTexts } from '../password/reset/texts.ts';
import { noticeTexts } from '../notices/texts.ts';

export const catalogue = {
  'app.tagline': 'Secure sign-in',
  'common.continue': 'Continue',
  'common.cancel': 'Cancel',
  'common.back': 'Back',
  'common.required': 'Required',
  'home.title': 'Sign-in service',
  'home.body': 'This is the sign-in service your applications use. Open an application to sign in, or manage how you sign in on your security info page.',
  'home.securityInfo': 'Manage your security info',
  'error.title': 'Something went wrong',
  'error.badRequest': 'The request could not be understood. Go back and try again.',
  'error.tooLarge': 'The request was too large.',
  'error.csrf': 'This form has expired or was sent from somewhere else. Go back, reload the page and try again.',
  'error.expired.title': 'This sign-in has expired',
  'error.expired.body': 'Sign-in pages are valid for a limited time. Go back to the application and start again.',
  'error.notFound': 'The page you asked for does not exist.',
  'error.unavailable.title': 'Temporarily unavailable',
  'error.unavailable.body': 'We cannot reach our database right now. Try again in a minute.',
  'error.internal': 'An unexpected error occurred. Try again; if it keeps happening, contact your administrator.',
  'error.oidc': 'The application sent an invalid sign-in request ({code}). Contact the application owner.',
  'error.backHome': 'Go to the start page',
  'error.reference': 'Reference: {id}',
  'error.redirectUri': 'This app\'s sign-in link is not valid: redirect_uri is not registered for this client. Contact the application owner.',
  'error.oidcDetail': 'Error code: {code}. {description}',
  'error.oidcSignOut': 'The application sent an invalid sign-out request ({code}). Contact the application owner.',
  'error.prefix': 'Error: ',
  'error.summary': 'There is a problem',
  ...signInTexts,
  ...mfaTexts,
  ...securityInfoTexts,
  ...adminConsoleTexts,
  ...adminActionTexts,
  ...passwordTexts,
  ...resetTexts,
  ...noticeTexts,
} as const;

export type TextId = keyof typeof catalogue;
export type TextParams = Record<string, string | number>;

export function text(id: TextId, params: TextParams = {}): string {
  return catalogue[id].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function isTextId(id: string): id is TextId {
  return id in catalogue;
}
