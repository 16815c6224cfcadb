/**
 * Every word a user reads, under a stable id. Pages and errors refer to ids, never to literal
 * text, so wording changes (or a translation) happen here alone. `{name}` marks a parameter.
 */
export const catalogue = {
  'app.tagline': 'Secure sign-in',
  'common.continue': 'Continue',
  'common.cancel': 'Cancel',
  'common.back': 'Back',
  'common.required': 'Required',

  'login.title': 'Sign in',
  'login.subtitle': 'to continue to {client}',
  'login.username': 'Username or e-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.forgot': 'Forgot password?',
  'login.failed': 'The username or password is incorrect.',
  'login.disabled': 'This account is disabled. Contact your administrator.',
  'login.throttled': 'Too many attempts. Wait {seconds} seconds and try again.',
  'login.missingFields': 'Enter your username and password.',

  'consent.title': 'Allow access?',
  'consent.intro': '{client} would like to:',
  'consent.approve': 'Allow',
  'consent.deny': 'Deny',
  'consent.scope.openid': 'Sign you in',
  'consent.scope.profile': 'See your name and username',
  'consent.scope.email': 'See your e-mail address',
  'consent.scope.offline_access': 'Stay signed in to keep access when you are away',
  'consent.scope.groups': 'See the groups you belong to',
  'consent.claims': 'See: {claims}',

  'logout.title': 'Sign out?',
  'logout.question': 'Do you want to sign out of {product}?',
  'logout.confirm': 'Sign out',
  'logout.stay': 'Stay signed in',
  'logout.done.title': 'Signed out',
  'logout.done.body': 'You have signed out. You can close this window.',

  'home.title': 'Vigil is running',
  'home.body': 'This is the sign-in service. Open an application to sign in.',

  'password.tooShort': 'Use at least {min} characters. A longer passphrase of a few unrelated words is easy to remember.',
  'password.tooLong': 'Use at most {max} characters.',
  'password.common': 'This password is too common and is on lists attackers try first. Choose another.',
  'password.predictable': 'This password would be easy to guess. Add more unrelated words.',
  'password.containsIdentity': 'Do not build your password from your {field}.',
  'password.sameAsCurrent': 'Choose a password different from your current one.',
  'password.breached': 'This password appeared in a data breach. Choose another.',
  'password.mismatch': 'The two passwords do not match.',
  'password.field.username': 'username',
  'password.field.email': 'e-mail address',
  'password.field.serviceName': 'the service name',

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
} as const;

export type TextId = keyof typeof catalogue;
export type TextParams = Record<string, string | number>;

export function text(id: TextId, params: TextParams = {}): string {
  return catalogue[id].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function isTextId(id: string): id is TextId {
  return id in catalogue;
}
