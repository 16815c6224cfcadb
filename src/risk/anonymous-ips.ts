/**
 * The anonymizer lists (Tor exit nodes, anonymous VPN and proxy exits) behind the anonymous-IP
 * detection. Admins drop plain-text files into `config/risk/anonymous-ips/` (or the paths the
 * settings name): one IP or CIDR per line, IPv4 or IPv6, `#` starts a comment. The lists are
 * re-read without a restart: at most once per `minIntervalMs` (measured on the injected clock)
 * the files' names, sizes and mtimes are compared with the last load, and a change reloads them.
 * A file that cannot be read keeps the previous contents and logs one warning.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '../log.ts';
import { parseIp } from './ip.ts';
import { IpSet, parseIpOrCidr } from './ip-set.ts';

export interface AnonymousIpList {
  /** The list file naming this address, or null. */
  lookup(ip: string): string | null;
  /** Re-reads the files when they changed; checks at most once per interval. */
  refresh(now: Date): Promise<void>;
  readonly size: number;
}

export interface AnonymousIpListOptions {
  /** Files, or folders whose `*.txt` files are read (sorted by name). */
  paths: string[];
  minIntervalMs?: number;
  logger?: Logger;
}

export const DEFAULT_LIST_CHECK_INTERVAL_MS = 60_000;

interface ParsedFile {
  name: string;
  entries: number;
  invalid: Array<{ line: number; reason: string }>;
}

export function parseAnonymousIpFile(name: string, text: string, into: IpSet<string>): ParsedFile {
  const invalid: ParsedFile['invalid'] = [];
  let entries = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const parsed = parseIpOrCidr(line);
    if (!parsed.ok) { invalid.push({ line: index + 1, reason: parsed.reason }); return; }
    into.add(parsed.ip, parsed.prefix, name);
    entries += 1;
  });
  return { name, entries, invalid };
}

async function listFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((name) => name.endsWith('.txt')).sort();
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

async function signatureOf(files: string[]): Promise<string> {
  const parts = await Promise.all(files.map(async (file) => {
    const info = await stat(file).catch(() => null);
    return info ? `${file}:${info.size}:${info.mtimeMs}` : `${file}:missing`;
  }));
  return parts.join('|');
}

export async function loadAnonymousIpList(options: AnonymousIpListOptions, now: Date): Promise<AnonymousIpList> {
  const interval = options.minIntervalMs ?? DEFAULT_LIST_CHECK_INTERVAL_MS;
  let set = new IpSet<string>();
  let signature = '';
  let lastCheck = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<void> | null = null;

  async function reload(): Promise<void> {
    const files = await listFiles(options.paths);
    const nextSignature = await signatureOf(files);
    if (nextSignature === signature) return;
    const next = new IpSet<string>();
    for (const file of files) {
      try {
        const parsed = parseAnonymousIpFile(basename(file), await readFile(file, 'utf8'), next);
        if (parsed.invalid.length) {
          const first = parsed.invalid[0];
          options.logger?.warn({ file, skipped: parsed.invalid.length, firstLine: first?.line, reason: first?.reason }, 'anonymous IP list: lines skipped');
        }
      } catch (error) {
        options.logger?.warn({ file, err: (error as Error).message }, 'anonymous IP list could not be read; keeping the previous lists');
        return;
      }
    }
    set = next;
    signature = nextSignature;
    options.logger?.info({ files: files.length, entries: next.size }, 'anonymous IP lists loaded');
  }

  const list: AnonymousIpList = {
    lookup(ip) {
      const parsed = parseIp(ip);
      return parsed ? set.lookup(parsed) ?? null : null;
    },
    async refresh(at) {
      if (at.getTime() - lastCheck < interval) return;
      lastCheck = at.getTime();
      refreshing ??= reload().finally(() => { refreshing = null; });
      await refreshing;
    },
    get size() {
      return set.size;
    },
  };
  await list.refresh(now);
  return list;
}

/** A fixed list, for tests and for replays that should not read files. */
export function staticAnonymousIpList(entries: string[], name = 'static'): AnonymousIpList {
  const set = new IpSet<string>();
  parseAnonymousIpFile(name, entries.join('\n'), set);
  return {
    lookup: (ip) => { const parsed = parseIp(ip); return parsed ? set.lookup(parsed) ?? null : null; },
    refresh: async () => {},
    get size() { return set.size; },
  };
}
