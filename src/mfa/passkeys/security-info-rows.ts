/** The user's passkeys in security info: one row each, named, with rename and remove. */
import { passkeysOf } from './store.ts';
import type { SecurityInfoRow } from '../security-info-row.ts';
import { text } from '../../text/catalogue.ts';

export async function passkeyRows(userId: string): Promise<SecurityInfoRow[]> {
  return (await passkeysOf(userId)).map((p) => ({
    id: p._id, kind: 'passkey', label: text('securityInfo.method.passkey'), detail: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt,
    actions: [
      { url: '/security-info/passkeys/rename', field: 'passkey', action: 'rename', label: text('securityInfo.passkey.rename'), names: p.name },
      { url: '/security-info/passkeys/remove', field: 'passkey', action: 'remove-passkey', label: text('securityInfo.remove'), names: p.name },
    ],
  }));
}
