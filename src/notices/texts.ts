/** The "this wasn't me" report page of the new sign-in notice. Every id is merged into the one catalogue (src/text/catalogue.ts). */
export const noticeTexts = {
  'report.title': 'Was this you?',
  'report.question': 'If you did not sign in at the time in the e-mail, report it: we will sign everyone out of your account and ask for extra verification and a new password at your next sign-in.',
  'report.confirm': 'It was not me',
  'report.invalid': 'This link is not valid or has expired. If you think someone else is using your account, contact your administrator.',
  'report.used': 'This sign-in was already reported: there is nothing more to do here. Contact your administrator if you need help.',
  'report.done.title': 'Thank you',
  'report.done.body': 'We signed everyone out of your account. At your next sign-in you will verify your identity and choose a new password. Contact your administrator if you need help.',
} as const;
