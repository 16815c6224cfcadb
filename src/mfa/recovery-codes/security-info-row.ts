/** The recovery codes' row in security info: how many are left, and a warning when few are. */
import { methodOf } from '../authenticator-store.ts';
import { authenticatorRow, type SecurityInfoRow } from '../security-info-row.ts';
import { text } from '../../text/catalogue.ts';
import { LOW_RECOVERY_CODES, remainingRecoveryCodes } from './remaining.ts';

export async function recoveryCodeRows(userId: string): Promise<SecurityInfoRow[]> {
  const codes = await methodOf(userId, 'recovery');
  if (!codes) return [];
  const left = remainingRecoveryCodes(codes);
  return [authenticatorRow(codes, text('securityInfo.method.recovery'), text('securityInfo.recoveryLeft', { count: left }), left <= LOW_RECOVERY_CODES ? text('securityInfo.recoveryLow') : undefined)];
}
