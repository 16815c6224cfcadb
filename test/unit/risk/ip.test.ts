/** IP parsing, canonical text, private ranges, counter keys and the CIDR set. */
import { describe, expect, it } from 'vitest';
import { canonicalIp, isPrivateIp, parseIp, prefixNetwork, sourceKey } from '../../../src/risk/ip.ts';
import { IpSet, parseIpOrCidr } from '../../../src/risk/ip-set.ts';

function must(text: string) {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`not an IP: ${text}`);
  return parsed;
}

describe('ip', () => {
  it('gives one canonical text per address', () => {
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIp('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(parseIp('999.1.1.1')).toBeNull();
    expect(parseIp('hello')).toBeNull();
  });

  it('knows private, loopback and link-local ranges', () => {
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1']) {
      expect(isPrivateIp(must(ip)), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '203.0.113.1', '172.32.0.1', '2001:db8::1']) expect(isPrivateIp(must(ip)), ip).toBe(false);
  });

  it('counts IPv6 sources by /64 and falls back to /24 or /48 networks', () => {
    expect(sourceKey(must('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(sourceKey(must('2001:db8:1:2:bbbb::9'))).toBe('2001:db8:1:2::/64');
    expect(sourceKey(must('198.51.100.7'))).toBe('198.51.100.7');
    expect(prefixNetwork(must('198.51.100.7'))).toBe('198.51.100.0/24');
    expect(prefixNetwork(must('2001:db8:1:2::1'))).toBe('2001:db8:1::/48');
  });
});

describe('IpSet', () => {
  it('matches addresses and CIDRs, IPv4 and IPv6, and nothing else', () => {
    const set = new IpSet<string>();
    for (const entry of ['192.0.2.66', '198.51.100.128/25', '2001:db8:dead::/48', '203.0.113.0/24']) {
      const parsed = parseIpOrCidr(entry);
      if (!parsed.ok) throw new Error(parsed.reason);
      set.add(parsed.ip, parsed.prefix, entry);
    }
    expect(set.lookup(must('192.0.2.66'))).toBe('192.0.2.66');
    expect(set.lookup(must('192.0.2.67'))).toBeUndefined();
    expect(set.lookup(must('198.51.100.200'))).toBe('198.51.100.128/25');
    expect(set.lookup(must('198.51.100.127'))).toBeUndefined();
    expect(set.lookup(must('2001:db8:dead:beef::1'))).toBe('2001:db8:dead::/48');
    expect(set.lookup(must('2001:db8:beef::1'))).toBeUndefined();
    expect(set.lookup(must('::ffff:203.0.113.9'))).toBe('203.0.113.0/24');
  });

  it('rejects malformed entries with a reason', () => {
    expect(parseIpOrCidr('192.0.2.0/33')).toEqual({ ok: false, reason: expect.stringContaining('prefix') });
    expect(parseIpOrCidr('example.com')).toEqual({ ok: false, reason: expect.stringContaining('not an IP') });
  });
});
