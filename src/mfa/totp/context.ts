/** What a user's TOTP secret is sealed to (src/crypto/secret-box.ts), so it opens only as theirs. */
export function totpContext(userId: string): string {
  return `totp:${userId}`;
}
