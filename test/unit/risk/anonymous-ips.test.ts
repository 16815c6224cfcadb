/** Anonymizer lists: parsed from files, matched by IP or CIDR, reloaded on change without a restart. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../../../src/clock.ts';
import { loadAnonymousIpList } from '../../../src/risk/anonymous-ips.ts';

const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-anon-'));
  dirs.push(dir);
  return dir;
}

describe('anonymous IP lists', () => {
  it('loads the shipped example (documentation ranges only)', async () => {
    const list = await loadAnonymousIpList({ paths: [resolve(import.meta.dirname, '../../../config/risk/anonymous-ips')] }, new Date());
    expect(list.lookup('192.0.2.66')).toBe('example.txt');
    expect(list.lookup('198.51.100.130')).toBe('example.txt');
    expect(list.lookup('2001:db8:dead::5')).toBe('example.txt');
    expect(list.lookup('8.8.8.8')).toBeNull();
  });

  it('reads every *.txt in a folder, skips comments and bad lines, and reloads after a change once the interval passed', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'tor.txt'), '# tor exits\n192.0.2.1\nnot-an-ip\n\n2001:db8:1::/48 # inline comment\n');
    writeFileSync(join(dir, 'ignored.csv'), '192.0.2.99\n');
    const clock = new ManualClock('2026-03-02T12:00:00Z');
    const list = await loadAnonymousIpList({ paths: [dir], minIntervalMs: MINUTE }, clock.now());
    expect(list.size).toBe(2);
    expect(list.lookup('192.0.2.1')).toBe('tor.txt');
    expect(list.lookup('2001:db8:1:2::3')).toBe('tor.txt');
    expect(list.lookup('192.0.2.99')).toBeNull();

    writeFileSync(join(dir, 'vpn.txt'), '192.0.2.128/25\n');
    await list.refresh(clock.now());
    expect(list.lookup('192.0.2.200')).toBeNull();   // within the interval: not checked yet

    clock.advance(MINUTE);
    await list.refresh(clock.now());
    expect(list.lookup('192.0.2.200')).toBe('vpn.txt');

    writeFileSync(join(dir, 'tor.txt'), '192.0.2.2\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'tor.txt'), later, later);
    clock.advance(MINUTE);
    await list.refresh(clock.now());
    expect(list.lookup('192.0.2.1')).toBeNull();
    expect(list.lookup('192.0.2.2')).toBe('tor.txt');
  });

  it('treats a missing folder as an empty list', async () => {
    const list = await loadAnonymousIpList({ paths: [join(folder(), 'nope')] }, new Date());
    expect(list.size).toBe(0);
    expect(list.lookup('192.0.2.1')).toBeNull();
  });
});
