/**
 * The signed-in user as the interaction checks see them, loaded once per request: the user
 * record, Vigil's state for this session, and — only when a check asks, because most sign-ins
 * under most policies never need them — whether the user has an MFA method and their risk level.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { perRequest } from '../http/request-cache.ts';
import { hasMfaMethod } from '../mfa/methods.ts';
import type { SessionStateRecord } from './session-state.ts';
import type { UserRecord } from '../models/user.ts';
import type { RiskLevel } from '../risk/level.ts';
import { userForRequest } from './request-user.ts';
import { sessionState } from './sign-in-result.ts';

export interface Subject {
  user: UserRecord;
  session: SessionStateRecord | null;
  sessionHasMfa: boolean;
  hasMfa(): Promise<boolean>;
  riskLevel(read: (userId: string) => Promise<RiskLevel>): Promise<RiskLevel>;
}

const subjects = perRequest<Subject | null>();

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

async function load(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  const accountId = ctx.oidc.session?.accountId;
  if (!accountId) return null;
  const user = await userForRequest(ctx, accountId);
  if (!user || user.disabled) return null;
  const session = await sessionState(ctx, clock);
  let riskLevel: Promise<RiskLevel> | undefined;
  return {
    user,
    session,
    sessionHasMfa: Boolean(ctx.oidc.session?.amr?.includes('otp')),
    hasMfa: once(() => hasMfaMethod(accountId)),
    riskLevel(read) {
      riskLevel ??= read(accountId);
      return riskLevel;
    },
  };
}

export function subjectOf(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  return subjects.get(ctx, () => load(ctx, clock));
}
