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

  'mfa.title': 'Verify your identity',
  'mfa.reason.client': '{client} asks for an extra verification step.',
  'mfa.reason.signInRisk': 'We noticed something unusual about this sign-in. Verify it is you.',
  'mfa.reason.userRisk': 'Your account security is at risk. Verify it is you, then choose a new password.',
  'mfa.code': 'Code from your authenticator app, or a recovery code',
  'mfa.codeHint': 'Open your authenticator app and enter the 6-digit code.',
  'mfa.verify': 'Verify',
  'mfa.cancel': 'Cancel sign-in',
  'mfa.invalid': 'That code is not valid. Check your authenticator app and try again.',
  'mfa.replayed': 'That code was already used. Wait for the next code in your app.',
  'mfa.locked': 'Too many wrong codes. Try again in {seconds} seconds.',
  'mfa.lockedPermanently': 'Too many wrong codes: verification is locked. Contact your administrator.',
  'mfa.recoveryLow': 'You have {count} recovery codes left. Create new ones on your security info page.',
  'mfa.blocked.title': 'You cannot sign in right now',
  'mfa.blocked.body': 'Your organisation requires additional verification for this sign-in, but you have no verification method set up. Contact your administrator.',

  'registration.title': 'Keep your account secure',
  'registration.body': 'Your organisation requires you to set up an authenticator app for multi-factor authentication.',
  'registration.daysLeft': 'You can skip this for {days} more days.',
  'registration.dayLeft': 'You can skip this for 1 more day.',
  'registration.required': 'The grace period has ended: set it up now to continue signing in.',
  'registration.register': 'Set it up now',
  'registration.skip': 'Skip for now',
  'registration.totp.title': 'Set up your authenticator app',
  'registration.totp.scan': 'Scan this QR code with an authenticator app (for example Microsoft Authenticator, Google Authenticator or 1Password).',
  'registration.totp.manual': 'Or enter this key manually:',
  'registration.totp.link': 'Open in an authenticator app on this device',
  'registration.totp.code': 'Enter the 6-digit code the app shows',
  'registration.totp.invalid': 'That code did not match. Check the time on your phone and try the current code.',
  'registration.totp.superseded': 'An authenticator app was set up in another window. Start again to replace it.',
  'registration.recovery.title': 'Save your recovery codes',
  'registration.recovery.body': 'Each code works once if you lose your phone. Store them somewhere safe: they will not be shown again.',
  'registration.recovery.confirm': 'I have saved these codes',
  'registration.email.title': 'Add an e-mail for password reset',
  'registration.email.body': 'We will send a code to this address when you need to reset your password.',
  'registration.email.address': 'E-mail address',
  'registration.email.send': 'Send code',
  'registration.email.skip': 'Skip this step',
  'registration.email.invalid': 'Enter a valid e-mail address.',
  'registration.emailCode.title': 'Check your e-mail',
  'registration.emailCode.body': 'We sent a 6-digit code to {email}. It is valid for 10 minutes.',
  'registration.emailCode.code': 'Code from the e-mail',
  'registration.emailCode.invalid': 'That code is not valid.',
  'registration.emailCode.expired': 'That code has expired. Send a new one.',
  'registration.emailCode.tooMany': 'Too many wrong codes. Send a new one.',
  'registration.emailCode.resend': 'Send a new code',
  'registration.expired': 'This setup has expired. Start again.',

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
