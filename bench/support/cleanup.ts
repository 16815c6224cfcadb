/**
 * Everything the benchmark starts is registered here and undone at the end: child processes are
 * killed by their own pid (SIGTERM, then SIGKILL after a grace period) and temporary folders are
 * removed — on success, on error, and on SIGINT/SIGTERM.
 */
import { rmSync } from 'node:fs';

type Undo = { label: string; run: () => Promise<void> | void; sync: () => void };

const undos: Undo[] = [];
let cleaning: Promise<void> | undefined;

/** Registers an undo step; steps run in reverse order of registration. */
export function onCleanup(label: string, run: () => Promise<void> | void, sync: () => void = () => {}): void {
  undos.push({ label, run, sync });
}

export function removeDirOnCleanup(dir: string): void {
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  onCleanup(`remove ${dir}`, remove, remove);
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (undos.length > 0) {
      const undo = undos.pop();
      if (!undo) break;
      try {
        await undo.run();
      } catch (error) {
        process.stderr.write(`bench: cleanup "${undo.label}" failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

/** Last resort when the process is exiting and no more awaiting is possible. */
function cleanupSync(): void {
  while (undos.length > 0) {
    const undo = undos.pop();
    try {
      undo?.sync();
    } catch {
      // nothing more can be done while exiting
    }
  }
}

export function installSignalHandlers(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nbench: ${signal}, stopping what was started…\n`);
    const hardStop = setTimeout(() => { cleanupSync(); process.exit(130); }, 8000);
    hardStop.unref();
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', cleanupSync);
}
