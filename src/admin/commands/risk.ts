/**
 * `risk …`: who is at risk, which sign-ins and detections, and the admin's remediation actions
 * (dismiss, confirm compromised, confirm a sign-in safe), the digest for cron, and `replay` to
 * see what a policy would have done on a recorded log.
 */
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { loadPoliciesFile, storedPolicies } from '../../policy/store.ts';
import { decideReplayed } from '../../sign-in/decide.ts';
import type { Policies } from '../../policy/schema.ts';
import { replay, ReplayInputError } from '../../policy/replay.ts';
import { detections, riskyUsers, signIns } from '../risk-reports.ts';
import { openGeolocator, loadAnonymousIpList, riskSettingsFromEnv } from '../../risk/index.ts';
import { requirePositional, sinceFlag as sinceOf, stringFlag } from '../args.ts';
import { cliActionBy } from '../audit-action.ts';
import { confirmSignInCompromised, confirmSignInSafe, isSignInId, type SignInVerdictResult } from '../actions/confirm-sign-in.ts';
import type { ActionBy } from '../actions/actor.ts';
import type { RiskEngine } from '../../risk/engine.ts';
import { dismissUserRisk } from '../actions/dismiss-risk.ts';
import { CliError } from '../cli-error.ts';
import type { Command, CommandContext, CommandGroup } from '../command.ts';
import { cliRiskEngine } from '../risk-engine.ts';
import { sendDigest } from '../alerts/digest.ts';
import { requireUser } from './users.ts';
import { confirmUserCompromised } from '../actions/confirm-compromised.ts';

/** `risk confirm-safe` and `risk confirm-sign-in-compromised`: one sign-in id, one shared action. */
function signInVerdict(spec: {
  usage: string;
  summary: string;
  act: (engine: RiskEngine, id: string, by: ActionBy) => Promise<SignInVerdictResult>;
  said: (id: string, result: SignInVerdictResult) => string;
}): Command {
  return {
    usage: spec.usage,
    summary: spec.summary,
    async run(ctx) {
      const id = requirePositional(ctx.args, 0, 'sign-in id');
      if (!isSignInId(id)) throw new CliError('a sign-in id is 24 hexadecimal characters (see risk signins)');
      const result = await spec.act(await cliRiskEngine(ctx.settings, ctx.clock), id, cliActionBy(ctx));
      if (result.status !== 'OK') throw new CliError(`no sign-in ${id}`);
      ctx.out.result({ id, ...result }, spec.said(id, result));
    },
  };
}

function sinceFlag(ctx: CommandContext): Date | undefined {
  return sinceOf(ctx.args, ctx.clock.now());
}

export const riskCommands: CommandGroup = {
  users: {
    usage: 'risk users [--all] [--json|--csv]',
    summary: 'users at risk (with --all: also remediated, dismissed, confirmed)',
    booleans: ['all'],
    async run(ctx) {
      const users = await riskyUsers(ctx.clock, { includeClosed: ctx.args.flags.has('all') });
      ctx.out.table(users.map((u) => ({ ...u, detections: u.detections.map((d) => d.type).join(' ') })),
        ['username', 'riskLevel', 'riskState', 'riskUpdatedAt', 'riskUpdatedBy', 'detections'], users);
    },
  },
  signins: {
    usage: 'risk signins [--user U] [--since 7d|DATE] [--risky] [--json|--csv]',
    summary: 'recorded sign-ins, newest first',
    values: ['user', 'since'],
    booleans: ['risky'],
    async run(ctx) {
      const rows = await signIns(ctx.clock, { user: stringFlag(ctx.args, 'user'), since: sinceFlag(ctx), riskyOnly: ctx.args.flags.has('risky') });
      ctx.out.table(rows.map((r) => ({ ...r, detections: r.detections.map((d) => `${d.type}:${d.level}`).join(' ') })),
        ['id', 'time', 'username', 'ip', 'country', 'outcome', 'riskLevel', 'riskState', 'detections'], rows);
    },
  },
  detections: {
    usage: 'risk detections [--user U] [--since 7d|DATE] [--open] [--json|--csv]',
    summary: 'risk detections (sign-in and user), newest first',
    values: ['user', 'since'],
    booleans: ['open'],
    async run(ctx) {
      const rows = await detections(ctx.clock, { user: stringFlag(ctx.args, 'user'), since: sinceFlag(ctx), openOnly: ctx.args.flags.has('open') });
      ctx.out.table(rows.map((row) => ({ ...row })), ['id', 'time', 'username', 'scope', 'type', 'level', 'state', 'reason']);
    },
  },
  dismiss: {
    usage: 'risk dismiss <username>',
    summary: 'dismiss a user\'s risk (false positive)',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const engine = await cliRiskEngine(ctx.settings, ctx.clock);
      const result = await dismissUserRisk(engine, user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, ...result }, `dismissed the risk of ${user.username}`);
    },
  },
  'confirm-compromised': {
    usage: 'risk confirm-compromised <username>',
    summary: 'user risk high; ends every session and refresh token',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const engine = await cliRiskEngine(ctx.settings, ctx.clock);
      const { revoked, ...result } = await confirmUserCompromised(engine, user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, ...result, revoked }, `${user.username} confirmed compromised: user risk high, ${revoked} sessions/tokens ended`);
    },
  },
  'confirm-safe': signInVerdict({
    usage: 'risk confirm-safe <signin-id>',
    summary: 'mark a sign-in as safe (it no longer counts towards user risk)',
    act: confirmSignInSafe,
    said: (id) => `sign-in ${id} confirmed safe`,
  }),
  'confirm-sign-in-compromised': signInVerdict({
    usage: 'risk confirm-sign-in-compromised <signin-id>',
    summary: 'the sign-in was not the user: user risk high; ends every session and refresh token',
    act: confirmSignInCompromised,
    said: (id, result) => `sign-in ${id} confirmed compromised (${result.revoked ?? 0} sessions/tokens ended)`,
  }),
  digest: {
    usage: 'risk digest [--since 7d] [--dry-run]',
    summary: 'e-mail the risk digest to the admin recipients (config/alerts.yaml); for cron',
    values: ['since'],
    booleans: ['dry-run'],
    async run(ctx) {
      const since = sinceFlag(ctx) ?? new Date(ctx.clock.now().getTime() - 7 * 86_400_000);
      const result = await sendDigest({ settings: ctx.settings, clock: ctx.clock, since, dryRun: ctx.args.flags.has('dry-run') });
      ctx.out.result(result, `${ctx.args.flags.has('dry-run') ? 'would send' : 'sent'} the digest to ${result.recipients.join(', ') || 'nobody (no recipients configured)'}: ${result.summary.riskyUsers} risky users, ${result.summary.riskySignIns} risky sign-ins, ${result.summary.remediated} remediated`);
    },
  },
  replay: {
    usage: 'risk replay FILE.jsonl [--policies FILE.yaml] [--json]',
    summary: 'run a sign-in log through the detections and policies on a scratch database',
    values: ['policies'],
    needsDatabase: false,
    async run(ctx) {
      const file = requirePositional(ctx.args, 0, 'a .jsonl file');
      let input: string;
      try {
        input = readFileSync(file, 'utf8');
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const policiesFile = stringFlag(ctx.args, 'policies');
      const policies: Policies = policiesFile ? loadPoliciesFile(policiesFile) : await withLiveDatabase(ctx, () => storedPolicies());
      const riskSettings = riskSettingsFromEnv(process.env, ctx.settings.configDir);
      const [geolocator, anonymousIps] = await Promise.all([
        openGeolocator(riskSettings.geoDatabases),
        loadAnonymousIpList({ paths: riskSettings.anonymousIpLists, minIntervalMs: riskSettings.listCheckIntervalMs }, ctx.clock.now()),
      ]);
      const report = await withScratchDatabase(ctx, () => replay(input, {
        geolocator,
        anonymousIps,
        decide: (facts) => decideReplayed({ policies, ...facts }),
        onResult: ctx.out.json ? (result) => process.stdout.write(`${JSON.stringify({
          line: result.line, username: result.username, time: result.time, riskLevel: result.riskLevel,
          detections: result.detections.map(({ type, level, reason }) => ({ type, level, reason })), decision: result.decision,
        })}\n`) : undefined,
      })).catch((error: unknown) => {
        if (error instanceof ReplayInputError) throw new CliError(error.message);
        throw error;
      });
      if (ctx.out.json) {
        process.stderr.write(`${JSON.stringify({ totals: report.totals })}\n`);
        return;
      }
      ctx.out.table(report.results.map((r) => ({ ...r, detections: r.detections.map((d) => `${d.type}:${d.level}`).join(' ') })),
        ['line', 'time', 'username', 'riskLevel', 'decision', 'detections']);
      process.stdout.write(`\n${report.totals.events} events, ${report.totals.users} users; decisions: ${Object.entries(report.totals.byDecision).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    },
  },
};

async function liveUri(ctx: CommandContext): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (ctx.settings.mongodbUri) return { uri: ctx.settings.mongodbUri, stop: async () => {} };
  const { startEmbeddedDatabase } = await import('../../db/embedded-ferretdb.ts');
  const embedded = await startEmbeddedDatabase({ dataDir: ctx.settings.dataDir });
  return { uri: embedded.uri, stop: embedded.stop };
}

async function withLiveDatabase<T>(ctx: CommandContext, work: () => Promise<T>): Promise<T> {
  const live = await liveUri(ctx);
  try {
    await mongoose.connect(live.uri, { bufferCommands: false, serverSelectionTimeoutMS: 5000 });
    return await work();
  } finally {
    await mongoose.disconnect();
    await live.stop();
  }
}

/** Replay never touches live data: it runs in a fresh database that is dropped afterwards. */
async function withScratchDatabase<T>(ctx: CommandContext, work: () => Promise<T>): Promise<T> {
  const live = await liveUri(ctx);
  const url = new URL(live.uri);
  url.pathname = `/vigil_replay_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await mongoose.connect(url.toString(), { bufferCommands: false, serverSelectionTimeoutMS: 5000 });
    return await work();
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await live.stop();
  }
}
