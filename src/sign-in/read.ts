/**
 * Reading the sign-in flow: the interaction checks, once per request, and the pages, by the
 * session an interaction belongs to. Nothing here writes; a step's result is applied by
 * `advance.ts` before the checks run, and this request then reads what it wrote.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { perRequest } from '../http/request-cache.ts';
import { SignInFlow, type SignInFlowRecord } from './flow.ts';

const flows = perRequest<SignInFlowRecord | null>();

/** What `advance.ts` wrote on this request is what its checks read. */
export function rememberFlow(ctx: object, flow: Promise<SignInFlowRecord | null>): void {
  flows.set(ctx, flow);
}

async function load(ctx: KoaContextWithOIDC, clock: Clock): Promise<SignInFlowRecord | null> {
  const session = ctx.oidc.session;
  const accountId = session?.accountId;
  if (!session || !accountId) return null;
  const flow = await SignInFlow.findOne({ _id: session.uid }).lean<SignInFlowRecord>();
  if (!flow || flow.accountId !== accountId || flow.expiresAt.getTime() <= clock.now().getTime()) return null;
  return flow;
}

/** The flow of the session this authorization request belongs to (null: none, or not this account's). */
export function flowOf(ctx: KoaContextWithOIDC, clock: Clock): Promise<SignInFlowRecord | null> {
  return flows.get(ctx, () => load(ctx, clock));
}

/** For pages: the flow of the session an interaction belongs to. */
export async function flowOfSession(uid: string | undefined): Promise<SignInFlowRecord | null> {
  if (!uid) return null;
  return SignInFlow.findOne({ _id: uid }).lean<SignInFlowRecord>();
}
