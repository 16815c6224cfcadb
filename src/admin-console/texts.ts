/** The admin console. Every id is merged into the one catalogue (src/text/catalogue.ts). */
export const adminConsoleTexts = {
  'admin.notAllowed.title': 'Not allowed',
  'admin.notAllowed.notAdmin': 'Only members of the admin group can use the admin console.',
  'admin.notAllowed.needsMfa': 'The admin console needs a sign-in with multi-factor authentication.',
  'admin.notAllowed.signInFailed': 'The sign-in could not be completed. Open the admin console again to start over.',
  'admin.signedOut.title': 'You signed out of the admin console',
  'admin.signedOut.body': 'You can close this window.',
} as const;
