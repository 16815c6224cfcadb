/**
 * The signed-in user as the interaction checks see them, loaded once per request: the user
 * record, whether they have MFA, and Vigil's state for this session.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { hasMfaMethod } from '../mfa/methods.ts';
import type { SessionStateRecord } from '../models/session-state.ts';
import type { UserRecord } from '../models/user.ts';
import { findUserById } from '../users/lookup.ts';
import { sessionState } from './sign-in-result.ts';

export interface Subject {
  user: UserRecord;
  hasMfa: boolean;
  session: SessionStateRecord | null;
  sessionHasMfa: boolean;
}

const cache = new WeakMap<object, Promise<Subject | null>>();

async function load(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  const accountId = ctx.oidc.session?.accountId;
  if (!accountId) return null;
  const user = await findUserById(accountId);
  if (!user || user.disabled) return null;
  const [hasMfa, session] = await Promise.all([hasMfaMethod(accountId), sessionState(ctx, clock)]);
  return { user, hasMfa, session, sessionHasMfa: Boolean(ctx.oidc.session?.amr?.includes('otp')) };
}

export function subjectOf(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  let subject = cache.get(ctx);
  if (!subject) {
    subject = load(ctx, clock);
    cache.set(ctx, subject);
  }
  return subject;
}
