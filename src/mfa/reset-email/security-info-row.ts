/**
 * The e-mail address for password reset, registered by the MFA wizard when a user has no address
 * on their account. It is not an MFA method (it is not in the registry) but shows in security
 * info like one.
 */
import { methodOf } from '../authenticator-store.ts';
import { authenticatorRow, type SecurityInfoRow } from '../security-info-row.ts';
import { text } from '../../text/catalogue.ts';
import { RESET_EMAIL_LABEL } from './label.ts';

export async function resetEmailRows(userId: string): Promise<SecurityInfoRow[]> {
  const email = await methodOf(userId, 'email');
  return email ? [authenticatorRow(email, text(RESET_EMAIL_LABEL), email.address)] : [];
}
