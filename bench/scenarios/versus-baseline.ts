/**
 * Vigil against the bare oidc-provider on the same load, in the same run. The measurement time
 * is split into halves run in A-B-B-A order (full mode), so drift on a shared machine (caches,
 * collection growth, noisy neighbours) falls on both equally. Each side is warmed up first.
 */
import type { LoadResult } from '../load/closed-loop.ts';
import { atLeast, atMost, GOALS } from '../report/goals.ts';
import { startCpuMeter, type CpuShare } from '../support/cpu-meter.ts';
import type { TargetProcess } from '../support/vigil-process.ts';
import type { Measurement } from './measurement.ts';
import { cpuPerOp, dbCommandsPerOp, type BenchContext } from './scenario.ts';

export type LoadRunner = (target: TargetProcess, seconds: number) => Promise<LoadResult>;

interface Side {
  loads: LoadResult[];
  cpu: CpuShare[];
}

function merge(side: Side, traceLabel: string): { load: LoadResult; cpuMsPerOp: Record<string, number>; dbCommandsPerOp: Record<string, number> | undefined } {
  const completed = side.loads.reduce((sum, load) => sum + load.completed, 0);
  const seconds = side.loads.reduce((sum, load) => sum + load.seconds, 0);
  const weighted = (pick: (load: LoadResult) => number): number =>
    side.loads.reduce((sum, load) => sum + pick(load) * load.completed, 0) / Math.max(1, completed);
  const cpuSeconds: Record<string, number> = {};
  const commands: Record<string, number> = {};
  for (const share of side.cpu) {
    for (const [label, s] of Object.entries(share.seconds)) cpuSeconds[label] = (cpuSeconds[label] ?? 0) + s;
    for (const [command, count] of Object.entries(share.dbCommands?.[traceLabel] ?? {})) commands[command] = (commands[command] ?? 0) + count;
  }
  const traced = side.cpu.some((share) => share.dbCommands?.[traceLabel] !== undefined);
  return {
    load: {
      completed,
      failed: side.loads.reduce((sum, load) => sum + load.failed, 0),
      seconds,
      perSecond: completed / seconds,
      p50Ms: weighted((load) => load.p50Ms),
      p99Ms: weighted((load) => load.p99Ms),
      failures: side.loads.reduce<Record<string, number>>((all, load) => {
        for (const [reason, count] of Object.entries(load.failures)) all[reason] = (all[reason] ?? 0) + count;
        return all;
      }, {}),
    },
    cpuMsPerOp: cpuPerOp({ seconds: cpuSeconds, wallSeconds: seconds }, completed),
    dbCommandsPerOp: traced ? dbCommandsPerOp({ seconds: {}, wallSeconds: seconds, dbCommands: { [traceLabel]: commands } }, traceLabel, completed) : undefined,
  };
}

export async function compareWithBaseline(context: BenchContext, options: {
  idPrefix: string;
  scenario: string;
  label: string;
  /** What one operation is called, e.g. "grant". */
  operation: string;
  run: LoadRunner;
  /** Measured seconds per side. */
  seconds: number;
  /** Runs before every warm-up and measured slice (e.g. to start each from an empty collection). */
  beforeEachRun?: () => Promise<void>;
  /** Keycloak's per-vCPU figure; the goal is GOALS.grantMultipleOfKeycloak times it. */
  keycloakPerVcpu?: number;
  /** Whether the overhead goal (GOALS.maxOverhead) applies. */
  overheadGoal: boolean;
}): Promise<Measurement[]> {
  const { budget, quick } = context.options;
  const vigil: Side = { loads: [], cpu: [] };
  const baseline: Side = { loads: [], cpu: [] };
  if (budget.warmupSeconds > 0) {
    context.progress(`${options.scenario}: warming up`);
    for (const target of [context.vigil, context.baseline]) {
      await options.beforeEachRun?.();
      await options.run(target, budget.warmupSeconds);
    }
  }
  const order: Array<[TargetProcess, Side]> = quick
    ? [[context.vigil, vigil], [context.baseline, baseline]]
    : [[context.vigil, vigil], [context.baseline, baseline], [context.baseline, baseline], [context.vigil, vigil]];
  const slice = quick ? options.seconds : options.seconds / 2;
  for (const [target, side] of order) {
    context.progress(`${options.scenario}: ${target.name}`);
    await options.beforeEachRun?.();
    const meter = startCpuMeter(context.meteredPids());
    side.loads.push(await options.run(target, slice));
    side.cpu.push(meter.stop());
  }
  const ours = merge(vigil, 'vigil');
  const bare = merge(baseline, 'baseline');
  const overhead = bare.load.perSecond / ours.load.perSecond - 1;
  const perVcpu = ours.load.perSecond / context.vcpus;
  const floor = options.keycloakPerVcpu === undefined ? undefined : options.keycloakPerVcpu * GOALS.grantMultipleOfKeycloak;
  return [
    {
      id: `${options.idPrefix}.vigil.perSecond`,
      scenario: options.scenario,
      label: `${options.label} — Vigil`,
      status: 'measured',
      value: ours.load.perSecond,
      unit: '/s',
      perVcpu,
      p50Ms: ours.load.p50Ms,
      p99Ms: ours.load.p99Ms,
      goal: floor === undefined ? undefined : atLeast(perVcpu, floor, `≥ ${floor}/s per vCPU (${GOALS.grantMultipleOfKeycloak}× Keycloak)`),
      note: `${ours.load.completed} ${options.operation}s${ours.load.failed ? `, ${ours.load.failed} failed ${JSON.stringify(ours.load.failures)}` : ''}`,
      cpuMsPerOp: ours.cpuMsPerOp,
      dbCommandsPerOp: ours.dbCommandsPerOp,
    },
    {
      id: `${options.idPrefix}.baseline.perSecond`,
      scenario: options.scenario,
      label: `${options.label} — bare oidc-provider`,
      status: 'measured',
      value: bare.load.perSecond,
      unit: '/s',
      perVcpu: bare.load.perSecond / context.vcpus,
      p50Ms: bare.load.p50Ms,
      p99Ms: bare.load.p99Ms,
      note: `${bare.load.completed} ${options.operation}s${bare.load.failed ? `, ${bare.load.failed} failed ${JSON.stringify(bare.load.failures)}` : ''}`,
      cpuMsPerOp: bare.cpuMsPerOp,
      dbCommandsPerOp: bare.dbCommandsPerOp,
    },
    {
      id: `${options.idPrefix}.overhead`,
      scenario: options.scenario,
      label: `Vigil's overhead over the bare baseline (time per ${options.operation})`,
      status: 'measured',
      value: overhead * 100,
      unit: '%',
      goal: !options.overheadGoal ? undefined : atMost(overhead, GOALS.maxOverhead, `≤ ${GOALS.maxOverhead * 100}%`),
    },
  ];
}
