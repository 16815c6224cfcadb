/** The authenticator app's row in security info. */
import { methodOf } from '../authenticator-store.ts';
import { authenticatorRow, type SecurityInfoRow } from '../security-info-row.ts';
import { text } from '../../text/catalogue.ts';

export async function totpRows(userId: string): Promise<SecurityInfoRow[]> {
  const app = await methodOf(userId, 'totp');
  return app ? [authenticatorRow(app, text('securityInfo.method.totp'))] : [];
}
