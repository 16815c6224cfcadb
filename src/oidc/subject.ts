/**
 * The signed-in user as the interaction checks see them, loaded once per request: the user
 * record, the session's sign-in flow (src/sign-in/, read only), and — only when the decision
 * asks, because most sign-ins under most policies never need them — whether the user has an MFA
 * method and their risk level.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { perRequest } from '../http/request-cache.ts';
import { didMfa, hasMfaMethod } from '../mfa/method-registry.ts';
import { hasMethodOfStrength, strengthOfAmr, type MfaStrength } from '../mfa/strength.ts';
import type { UserRecord } from '../users/user.ts';
import type { RiskLevel } from '../risk/level.ts';
import type { SignInFlowRecord } from '../sign-in/flow.ts';
import { flowOf } from '../sign-in/read.ts';
import { userForRequest } from './request-user.ts';

export interface Subject {
  user: UserRecord;
  flow: SignInFlowRecord | null;
  sessionHasMfa: boolean;
  /** How strong the session's MFA was (null: none). */
  sessionStrength: MfaStrength | null;
  /** Whether the user has a method (of at least this strength). */
  hasMfa(strength?: MfaStrength): Promise<boolean>;
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

/** Any method for no strength or `mfa` (every method meets it); a phishing-resistant one asked for separately. */
function byStrength(any: () => Promise<boolean>, phishingResistant: () => Promise<boolean>): (strength?: MfaStrength) => Promise<boolean> {
  return (strength) => (strength === 'phishingResistant' ? phishingResistant() : any());
}

async function load(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  const accountId = ctx.oidc.session?.accountId;
  if (!accountId) return null;
  const user = await userForRequest(ctx, accountId);
  if (!user || user.disabled) return null;
  const flow = await flowOf(ctx, clock);
  let riskLevel: Promise<RiskLevel> | undefined;
  return {
    user,
    flow,
    sessionHasMfa: didMfa(ctx.oidc.session?.amr),
    sessionStrength: strengthOfAmr(ctx.oidc.session?.amr),
    hasMfa: byStrength(once(() => hasMfaMethod(accountId)), once(() => hasMethodOfStrength(accountId, 'phishingResistant'))),
    riskLevel(read) {
      riskLevel ??= read(accountId);
      return riskLevel;
    },
  };
}

export function subjectOf(ctx: KoaContextWithOIDC, clock: Clock): Promise<Subject | null> {
  return subjects.get(ctx, () => load(ctx, clock));
}
