/**
 * CSRF tokens bound to the flow they protect (an interaction uid, a security-info session id):
 * HMAC(key, purpose + binding). A token from another flow, another user or a forged form never
 * verifies, and nothing needs storing (OWASP's HMAC-based synchroniser pattern).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CsrfGuard {
  token(binding: string): string;
  verify(binding: string, token: unknown): boolean;
}

export function createCsrfGuard(secret: string): CsrfGuard {
  const token = (binding: string): string => createHmac('sha256', secret).update(`csrf:v1:${binding}`).digest('base64url');
  return {
    token,
    verify(binding, candidate) {
      if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 100) return false;
      const expected = Buffer.from(token(binding));
      const given = Buffer.from(candidate);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
