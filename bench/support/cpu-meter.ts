/**
 * CPU used by each process of the run (Vigil, the baseline, FerretDB, this driver, and "other":
 * everything else on the machine) during one measurement, so a figure can be split into "where the CPU went" per operation; with
 * --db-trace also the database commands Vigil sent.
 */
import { dbTraces } from './db-trace.ts';
import { cpuSeconds, machineBusySeconds } from './proc-stats.ts';

export interface CpuShare {
  /** CPU seconds per process label during the measurement. */
  seconds: Record<string, number>;
  wallSeconds: number;
  /** Database commands sent during the measurement, by traced process (only with --db-trace). */
  dbCommands?: Record<string, Record<string, number>>;
}

export interface CpuMeter {
  stop(): CpuShare;
}

export function startCpuMeter(pids: Record<string, number>): CpuMeter {
  const started = performance.now();
  const before: Record<string, number> = {};
  for (const [label, pid] of Object.entries(pids)) before[label] = readCpu(pid);
  const selfBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const commandsBefore = new Map([...dbTraces()].map(([label, trace]) => [label, trace.snapshot()]));
  return {
    stop() {
      const seconds: Record<string, number> = {};
      for (const [label, pid] of Object.entries(pids)) seconds[label] = readCpu(pid) - (before[label] ?? 0);
      const self = process.cpuUsage(selfBefore);
      seconds.driver = (self.user + self.system) / 1e6;
      // Everything else on the machine (other people's jobs): a figure measured while this is
      // large was measured on a busy machine.
      const ours = Object.values(seconds).reduce((sum, s) => sum + s, 0);
      seconds.other = Math.max(0, machineBusySeconds() - machineBefore - ours);
      const share: CpuShare = { seconds, wallSeconds: (performance.now() - started) / 1000 };
      for (const [label, trace] of dbTraces()) {
        const before = commandsBefore.get(label) ?? {};
        const delta: Record<string, number> = {};
        for (const [command, count] of Object.entries(trace.snapshot())) {
          if (count > (before[command] ?? 0)) delta[command] = count - (before[command] ?? 0);
        }
        share.dbCommands = { ...share.dbCommands, [label]: delta };
      }
      return share;
    },
  };
}

function readCpu(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}
