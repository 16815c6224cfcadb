import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/record-audit.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import type { UserAgent } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
const BASE = Date.UTC(2026, 10, 20, 12, 0);

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-audit-page', env: { ADMIN_MFA_STRENGTH: 'mfa' } });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  adaMfa = await registerMfa(vigil, ada._id.toString());
  // 120 events by two actors, three a minute: rows sharing a time are ordered by _id.
  for (let i = 0; i < 120; i += 1) {
    const actor = i % 2 === 0 ? 'carol' : 'dave';
    await recordAudit({ actor, from: 'cli@ops' }, { action: i % 3 === 0 ? 'user.disable' : 'user.enable', target: { kind: 'user', id: `u${i}` }, user: `user${String(i).padStart(3, '0')}` },
      new Date(BASE + Math.floor(i / 3) * 60_000));
  }
});
afterAll(async () => {
  await vigil.close();
});

const USER_CELL = /<td>(?:carol|dave)<\/td><td>user\.(?:disable|enable)<\/td><td>(user\d{3})<\/td>/g;
const usersOn = (html: string): string[] => [...html.matchAll(USER_CELL)].map((m) => m[1] ?? '');
const nextOf = (html: string): string | null => /<a class="link" href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

async function allPages(browser: UserAgent, first: string): Promise<string[][]> {
  const pages: string[][] = [];
  let url: string | null = first;
  while (url && pages.length < 10) {
    const page = await browser.open(url);
    expect(page.status).toBe(200);
    pages.push(usersOn(page.html));
    url = nextOf(page.html);
  }
  return pages;
}

describe('admin console audit page', () => {
  it('pages the whole trail newest first, 50 at a time, without gaps or repeats', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const pages = await allPages(browser, '/admin/audit?actor=carol');
    expect(pages.map((p) => p.length)).toEqual([50, 10]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(60);
    expect(seen[0]).toBe('user118');
    expect(seen.at(-1)).toBe('user000');
    const all = await allPages(browser, '/admin/audit?since=2026-11-20T12:00&until=2026-11-20T13:00');
    expect(all.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(all.flat()).toEqual(Array.from({ length: 120 }, (_, i) => `user${String(119 - i).padStart(3, '0')}`));
  });

  it('filters by action and by a time range (until exclusive)', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const disables = await browser.open('/admin/audit?action=user.disable');
    expect(usersOn(disables.html)).toHaveLength(40);
    expect(disables.html).toContain('<option selected>user.disable</option>');
    // Minutes 0 and 1 after BASE: events 0 to 5.
    const window = await browser.open('/admin/audit?since=2026-11-20T12:00&until=2026-11-20T12:02');
    expect(usersOn(window.html).sort()).toEqual(['user000', 'user001', 'user002', 'user003', 'user004', 'user005']);
    const none = await browser.open('/admin/audit?actor=nobody');
    expect(none.html).toContain('No audit events match.');
  });

  it('answers a bad filter with 400, the form and the field\'s error', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const badDate = await browser.open('/admin/audit?since=2026-02-31');
    expect(badDate.status).toBe(400);
    expect(badDate.html).toContain('id="since-error"');
    expect(badDate.html).toContain('aria-invalid="true" aria-describedby="since-error"');
    expect((await browser.open('/admin/audit?action=user.delete-everything')).status).toBe(400);
    expect((await browser.open('/admin/audit?since=2026-11-21&until=2026-11-20')).status).toBe(400);
    expect((await browser.open('/admin/audit?after=not-a-cursor')).status).toBe(400);
    expect((await browser.open('/admin/audit?actor=a&actor=b')).status).toBe(400);
  });
});
