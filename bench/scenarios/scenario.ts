/** A benchmark scenario: it runs against the context's processes and returns report lines. */
import type { AdminTarget } from '../support/admin-cli.ts';
import type { BenchDatabase } from '../support/bench-database.ts';
import type { Person } from '../flow/person.ts';
import type { CpuShare } from '../support/cpu-meter.ts';
import type { BenchOptions } from '../support/options.ts';
import type { TargetProcess } from '../support/vigil-process.ts';
import type { Measurement } from './measurement.ts';

export interface BenchContext {
  options: BenchOptions;
  vcpus: number;
  database: BenchDatabase;
  vigil: TargetProcess;
  baseline: TargetProcess;
  /** Vigil's database and config folder, for the admin CLI (e.g. to apply policies). */
  admin: AdminTarget;
  /** Spawn-to-ready of Vigil on an empty database (keys and policies created) and on a restart. */
  startup: { coldMs: number; warmMs: number; idleRssMb: number };
  /** Lines reported so far, by id, for figures that relate to earlier ones. */
  results: Map<string, Measurement>;
  /** The next person to sign in (in turn): a returning user with their address and device cookie. */
  nextPerson(): Person;
  /** Stops Vigil and starts it again on the same database (context.vigil is replaced). */
  restartVigil(): Promise<void>;
  /** The pids whose CPU is metered during a measurement. */
  meteredPids(): Record<string, number>;
  progress(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  run(context: BenchContext): Promise<Measurement[]>;
}

/** Database commands per operation sent by one traced process (`--db-trace`), if traced. */
export function dbCommandsPerOp(share: CpuShare, label: string, operations: number): Record<string, number> | undefined {
  const commands = share.dbCommands?.[label];
  if (!commands || operations === 0) return undefined;
  const perOp: Record<string, number> = {};
  for (const [command, count] of Object.entries(commands)) perOp[command] = count / operations;
  return perOp;
}

/** CPU ms per operation by process, from a CPU share measured over `operations`. */
export function cpuPerOp(share: CpuShare, operations: number): Record<string, number> {
  const perOp: Record<string, number> = {};
  for (const [label, seconds] of Object.entries(share.seconds)) perOp[label] = operations > 0 ? (seconds * 1000) / operations : Number.NaN;
  return perOp;
}
