/**
 * What the embedded database's launcher needs to know about another process: is it alive, is it
 * the FerretDB serving a given folder, does it listen on a given port. Linux answers from /proc;
 * elsewhere `ps` gives the command line and the port question stays unanswered (the marker
 * document in the database still tells a foreign server apart).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';

const PROC = existsSync('/proc/self/stat');

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!PROC) return true;
  // A killed process nobody has reaped yet is a zombie: it answers kill(0) but holds nothing.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The process's arguments joined by spaces, or undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  try {
    if (PROC) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return execFileSync('ps', ['-ww', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The processes whose command line contains `needle` (this one excluded). */
export function processesMatching(needle: string): number[] {
  let pids: number[];
  try {
    pids = PROC
      ? readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number)
      : execFileSync('ps', ['-ax', '-o', 'pid='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
  } catch {
    return [];
  }
  return pids.filter((pid) => pid !== process.pid && (commandLine(pid)?.includes(needle) ?? false));
}

function listeningSocketInodes(port: number): Set<string> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try { text = readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address ends with the port; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields[1]?.endsWith(hexPort) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** Whether `pid` holds the socket listening on `port`; undefined where that cannot be told. */
export function listensOn(pid: number, port: number): boolean | undefined {
  if (!PROC) return undefined;
  const inodes = listeningSocketInodes(port);
  if (inodes.size === 0) return false;
  let fds: string[];
  try { fds = readdirSync(`/proc/${pid}/fd`); } catch { return undefined; }
  for (const fd of fds) {
    let link: string;
    try { link = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}
