import type { TextId } from '../../text/catalogue.ts';

/** The e-mail address for password reset, as security info and its mails name it. */
export const RESET_EMAIL_LABEL: TextId = 'securityInfo.method.email';
