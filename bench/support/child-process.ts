/**
 * Starting a long-running child (Vigil, the bare baseline, FerretDB) that is always stopped at
 * the end: killed by its pid, SIGTERM first, SIGKILL if it has not exited after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { onCleanup } from './cleanup.ts';

export interface Child {
  pid: number;
  process: ChildProcess;
  logFile: string;
  /** Stops the child (idempotent); resolves when it has exited. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => { if (!exited(child)) child.kill('SIGKILL'); }, graceMs);
    child.once('exit', () => { clearTimeout(kill); done(); });
    child.kill('SIGTERM');
  });
}

export function startChild(label: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Child {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${label} did not start`);
  const pid = child.pid;
  const stop = (): Promise<void> => stopChild(child);
  onCleanup(`stop ${label} (pid ${pid})`, stop, () => { if (!exited(child)) child.kill('SIGKILL'); });
  return { pid, process: child, logFile: options.logFile, stop };
}
