/** Shapes shared by every message function. */

/** Who the mail comes from, as the reader sees it (configured by the operator, not a user). */
export interface Brand {
  productName: string;
}

/** A rendered message, ready for Mailer.send together with a recipient. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}
