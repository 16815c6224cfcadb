/**
 * What one risk evaluation costs when the history is large: the issue's case is a user with
 * 100,000 past sign-in events in a system with 1,000,000 (quick: 3,000 and 10,000). Runs in the
 * driver process against a scratch database of the bench's FerretDB (`risk-cost`; Vigil's own
 * database is untouched), with the engine built as Vigil builds it (bench/risk/engine-as-vigil.ts).
 *
 * The history is made by the real engine first — weeks of sign-ins through the login page's
 * calls on a manual clock, so profiles and counters are in the shape the engine produces — then
 * grown to size with copies of what it recorded (bench/risk/grown-system.ts). The evaluation the
 * login page runs (snapshot → throttle → assess, bench/risk/login-attempt.ts) is then timed one
 * at a time while the driver's command monitoring counts what it sends: for the long-standing
 * user from their usual place and from an unknown one, and for a user with no history; once on
 * the recorded history and again at full size; and its in-memory part alone (on a snapshot
 * already read), which tells the engine's own work from the database's. record() — the writes
 * after a sign-in — is measured last, for comparison (no goal).
 */
import { ManualClock, MINUTE } from '../../src/clock.ts';
import type { SignInAttempt } from '../../src/risk/attempt.ts';
import type { RiskAssessment, RiskSnapshot } from '../../src/risk/index.ts';
import { formatNumber } from '../report/format.ts';
import { GOALS } from '../report/goals.ts';
import { countCommands, type CommandCounter } from '../risk/command-counter.ts';
import { riskEngineAsVigil, riskSettingsAsVigil } from '../risk/engine-as-vigil.ts';
import { growSystem, systemSize, type Growth, type SystemSize } from '../risk/grown-system.ts';
import { evaluateAsLoginDoes, evaluateOnSnapshot, HISTORY_PASSWORD, readSnapshot, type LoginEvaluation } from '../risk/login-attempt.ts';
import { sampleOperation, type OperationSample, type SampleLimits } from '../risk/operation-sampler.ts';
import { userIdFrom } from '../risk/personas.ts';
import { addressIn, newDevice } from '../risk/places.ts';
import { recordHistory, type RecordedHistory } from '../risk/recorded-history.ts';
import { collection, openScratchDatabase } from '../risk/scratch-database.ts';
import { seededRandom, type Random } from '../risk/seeded-random.ts';
import { FULL_SIZES, QUICK_SIZES } from '../risk/sizes.ts';
import type { Measurement } from './measurement.ts';
import { cpuPerOp, type BenchContext, type Scenario } from './scenario.ts';

const SCENARIO = 'Risk evaluation';
const HISTORY_START = new Date('2026-03-02T08:00:00Z');

function whole(value: number): string {
  return formatNumber(value, 0);
}

function systemText(size: SystemSize): string {
  return `system: ${whole(size.events)} events, ${whole(size.profiles)} profiles, ${whole(size.counters)} counters`;
}

function tally(counts: Record<string, number>, digits = 0): string {
  if (Object.keys(counts).length === 0) return 'none';
  return Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([name, count]) => `${formatNumber(count, digits)} ${name}`).join(', ');
}

function sampleNote(sample: OperationSample, limits: SampleLimits, what: string): string {
  return `${sample.count} ${what} one at a time after ${limits.warmUp} unmeasured; commands per call: max ${sample.maxCommands}, mean ${formatNumber(sample.meanCommands, 2)} (${tally(sample.commandsPerCall, 2)}); `
    + `time p50 ${formatNumber(sample.p50Ms, 2)} ms, p99 ${formatNumber(sample.p99Ms, 2)} ms, max ${formatNumber(sample.maxMs, 2)} ms; answers: ${tally(sample.answers)}`;
}

/** One report line for a sampled operation: its commands (max), its time and how it was measured. */
function sampleLine(id: string, label: string, sample: OperationSample, limits: SampleLimits, what: string, note = ''): Measurement {
  return {
    id,
    scenario: SCENARIO,
    label,
    status: 'measured',
    value: sample.maxCommands,
    p50Ms: sample.p50Ms,
    p99Ms: sample.p99Ms,
    note: `${sampleNote(sample, limits, what)}${note ? `; ${note}` : ''}`,
    ...(sample.cpu ? { cpuMsPerOp: cpuPerOp(sample.cpu, sample.count) } : {}),
  };
}

function evaluationLine(id: string, label: string, sample: OperationSample, limits: SampleLimits, note: string): Measurement {
  const { maxRiskEvaluationQueries: queries, maxRiskEvaluationMs: ms } = GOALS;
  return {
    ...sampleLine(id, `${label}: queries per evaluation (max)`, sample, limits, 'evaluations', note),
    goal: { text: `≤ ${queries} queries, p99 ≤ ${ms} ms`, pass: sample.maxCommands <= queries && sample.p99Ms <= ms },
  };
}

interface Attempts {
  known: SignInAttempt;
  unknownPlace: SignInAttempt;
  newUser: SignInAttempt;
}

function attempts(history: RecordedHistory, random: Random): Attempts {
  const { user, known } = history;
  const base = { clientId: 'bench-web', passwordOk: true, password: HISTORY_PASSWORD };
  const stranger = newDevice(random);
  return {
    known: { ...base, username: user.username, userId: user.userId, ip: known.ip, deviceId: known.device.id, userAgent: known.device.userAgent },
    // Another continent and a device never seen: no counter exists for the address, every detection has work.
    unknownPlace: { ...base, username: user.username, userId: user.userId, ip: addressIn(random, 'AU'), deviceId: stranger.id, userAgent: stranger.userAgent },
    newUser: { ...base, username: 'new.user@risk-cost.test', userId: userIdFrom(random), ip: known.ip, deviceId: known.device.id, userAgent: known.device.userAgent },
  };
}

function buildNote(history: RecordedHistory, growth: Growth): string {
  return `history: ${whole(history.signIns)} sign-ins through the engine in ${formatNumber(history.seconds, 1)} s (${tally(history.outcomes)}); `
    + `growth: ${whole(growth.eventsSeeded)} copied events in ${formatNumber(growth.eventSeconds, 1)} s (${whole(growth.eventsSeeded / growth.eventSeconds)}/s), `
    + `${whole(growth.profilesSeeded)} profiles and ${whole(growth.countersSeeded)} counters in ${formatNumber(growth.otherSeconds, 1)} s`;
}

async function measure(context: BenchContext, counter: CommandCounter): Promise<Measurement[]> {
  const sizes = context.options.quick ? QUICK_SIZES : FULL_SIZES;
  const random = seededRandom(20_260_302);
  const clock = new ManualClock(HISTORY_START);
  const engine = await riskEngineAsVigil(clock);
  const pids = { ferretdb: context.database.pid };
  const answer = ({ throttled, assessment }: LoginEvaluation): string => (throttled ? 'throttled' : `risk ${assessment.signInRisk}`);
  const evaluations = (attempt: SignInAttempt): Promise<OperationSample> => sampleOperation({
    limits: sizes.assessLimits,
    counter,
    pids,
    call: async () => answer(await evaluateAsLoginDoes(engine, attempt)),
  });

  context.progress(`risk cost: ${sizes.historySignIns + sizes.ordinaryUsers * sizes.ordinarySignInsEach} sign-ins through the engine over ${sizes.historyDays} days`);
  const history = await recordHistory(engine, clock, { from: HISTORY_START, sizes, random, progress: context.progress });
  clock.advance(5 * MINUTE);
  const now = clock.now();
  const cases = attempts(history, random);
  // Cheap while the collection is small; at full size a filter on userId decodes every event.
  const recordedUserEvents = await collection('sign_in_events').countDocuments({ userId: history.user.userId });

  const small = await systemSize();
  context.progress(`risk cost: measuring on the recorded history (${systemText(small)})`);
  const onRecorded = await evaluations(cases.known);

  const growth = await growSystem(history, { sizes, now, historyStart: HISTORY_START, retentionMs: riskSettingsAsVigil().eventRetentionMs, random, progress: context.progress });
  const large = await systemSize();
  const user = `user with ${whole(recordedUserEvents + growth.userEventsSeeded)} sign-in events`;
  context.progress(`risk cost: measuring at full size (${user}; ${systemText(large)})`);
  const known = await evaluations(cases.known);
  const unknownPlace = await evaluations(cases.unknownPlace);
  const newUser = await evaluations(cases.newUser);
  let snapshot: RiskSnapshot | undefined;
  const inMemory = await sampleOperation({
    limits: sizes.assessLimits,
    counter,
    pids,
    prepare: async () => { snapshot = await readSnapshot(engine, cases.known); },
    call: async () => {
      if (!snapshot) throw new Error('the in-memory part needs a snapshot first');
      return answer(await evaluateOnSnapshot(engine, cases.known, snapshot));
    },
  });

  // The database's own floor on this machine: what the three reads would cost with no engine.
  const profiles = collection<{ _id: string }>('risk_profiles');
  const readProfile = async (): Promise<string> => ((await profiles.findOne({ _id: history.user.userId })) ? 'found' : 'missing');
  const oneRead = await sampleOperation({ limits: sizes.assessLimits, counter, pids, call: readProfile });
  const threeReads = await sampleOperation({
    limits: sizes.assessLimits, counter, pids,
    call: async () => (await Promise.all([readProfile(), readProfile(), readProfile()])).join(' '),
  });

  let next: RiskAssessment | undefined;
  const record = await sampleOperation({
    limits: sizes.recordLimits,
    counter,
    pids,
    prepare: async () => { next = (await evaluateAsLoginDoes(engine, cases.known)).assessment; },
    call: async () => {
      if (!next) throw new Error('record() needs an assessment first');
      await engine.record(next, { outcome: 'success', decisions: [{ policy: 'signInRisk', decision: 'none' }] });
      return 'success';
    },
  });

  return [
    evaluationLine('riskEvaluation.recordedHistory.known', `usual address and device, user with ${whole(recordedUserEvents)} events (${systemText(small)})`, onRecorded, sizes.assessLimits,
      'on the history the engine recorded, before the growth'),
    evaluationLine('riskEvaluation.historyUser.known', `usual address and device, ${user} (${systemText(large)})`, known, sizes.assessLimits, buildNote(history, growth)),
    evaluationLine('riskEvaluation.historyUser.unknownPlace', `unknown address and device, ${user} (${systemText(large)})`, unknownPlace, sizes.assessLimits,
      'no counter exists for the address or its network'),
    evaluationLine('riskEvaluation.newUser.known', `user with no history, a known address (${systemText(large)})`, newUser, sizes.assessLimits, 'no profile exists'),
    sampleLine('riskEvaluation.historyUser.inMemory', `of which in memory: throttle + assess on the snapshot already read, ${user}: queries (max)`, inMemory, sizes.assessLimits, 'evaluations',
      "each after an unmeasured snapshot() of the usual place: the rest of an evaluation's time is its three reads"),
    sampleLine('riskEvaluation.floor.oneRead', `database floor: one \`_id\` read of that user's profile (${systemText(large)}): commands (max)`, oneRead, sizes.assessLimits, 'calls'),
    sampleLine('riskEvaluation.floor.threeReads', 'database floor: three `_id` reads in parallel, the shape of an evaluation without the engine: commands (max)', threeReads, sizes.assessLimits, 'calls'),
    sampleLine('riskEvaluation.record.historyUser', `record() after a successful sign-in, ${user} (${systemText(large)}): writes per sign-in (max)`, record, sizes.recordLimits, 'sign-ins recorded',
      'each after an unmeasured evaluation of the usual place'),
  ];
}

export const riskEvaluationCost: Scenario = {
  id: 'risk-evaluation-cost',
  title: 'Risk evaluation cost at scale',
  async run(context) {
    const scratch = await openScratchDatabase(context.database.uriFor('risk-cost'));
    const counter = countCommands(scratch.client);
    try {
      return await measure(context, counter);
    } finally {
      counter.detach();
      context.progress('risk cost: dropping the scratch database');
      await scratch.close();
    }
  },
};
