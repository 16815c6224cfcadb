/**
 * An e-mail address as shown to someone who has proved one factor but not yet the mailbox:
 * `jane.doe@example.com` → `j•••@e•••.com`. Only shown after a first method is verified, never
 * before: before that, anyone who types a username sees it (see README on enumeration).
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  const tld = labels.length > 1 ? `.${labels.at(-1) ?? ''}` : '';
  return `${[...local][0] ?? ''}•••@${[...(labels[0] ?? '')][0] ?? ''}•••${tld}`;
}
