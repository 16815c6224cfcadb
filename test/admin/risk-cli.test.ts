import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAdminAlerts } from '../../src/admin/alerts/admin-alerts.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { registerMfa } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

const TOR_EXIT = '185.220.101.4';
let vigil: TestApp;
let sink: SmtpSink;
const cli = (args: string[]) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir, env: { RISK_ANONYMOUS_IP_LISTS: join(vigil.configDir, 'risk', 'anonymous-ips') } });

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({
    label: 'riskcli',
    policiesYaml: 'mfaRegistration: { state: disabled }\nsignInRisk: { state: enabled, level: medium }\nuserRisk: { state: enabled, level: high }\nsspr: { enabledFor: none }\n',
    env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' },
    files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
  });
  const hider = await createTestUser({ username: 'hider' });
  await registerMfa(vigil, hider._id.toString());
  await createTestUser({ username: 'leaky', password: 'sunshine' });
  await createTestUser({ username: 'steady' });
  const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  for (const [username, password, ip] of [['hider', DEFAULT_PASSWORD, TOR_EXIT], ['leaky', 'sunshine', '81.2.69.142']] as const) {
    const browser = new UserAgent(vigil.issuer);
    browser.headers = { 'X-Forwarded-For': ip };
    const login = await browser.open((await rp.start()).url.toString());
    await browser.submit(login, 'login', { username, password });
  }
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

function json<T>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe('risk CLI', () => {
  it('lists risky users, sign-ins and detections as JSON and CSV', async () => {
    const users = await cli(['risk', 'users', '--json']);
    expect(users.code).toBe(0);
    expect(json<Array<{ username: string; riskLevel: string }>>(users.stdout)).toContainEqual(expect.objectContaining({ username: 'leaky', riskLevel: 'high' }));

    const signins = json<Array<{ username: string; ip: string; detections: Array<{ type: string }> }>>((await cli(['risk', 'signins', '--user', 'hider', '--since', '1d', '--json'])).stdout);
    expect(signins[0]).toMatchObject({ username: 'hider', ip: TOR_EXIT });
    expect(signins[0]?.detections.map((d) => d.type)).toContain('anonymousIp');

    const detections = json<Array<{ type: string; username: string }>>((await cli(['risk', 'detections', '--json'])).stdout);
    expect(detections).toContainEqual(expect.objectContaining({ type: 'leakedCredentials', username: 'leaky' }));
    const csv = await cli(['risk', 'detections', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('id,time,username,scope,type,level,state,reason');
  });

  it('confirms a user compromised and dismisses the risk again', async () => {
    const confirmed = await cli(['risk', 'confirm-compromised', 'steady', '--json']);
    expect(confirmed.code).toBe(0);
    expect(json<Array<{ username: string }>>((await cli(['risk', 'users', '--json'])).stdout).map((u) => u.username)).toContain('steady');
    expect((await cli(['risk', 'dismiss', 'steady'])).code).toBe(0);
    expect(json<Array<{ username: string }>>((await cli(['risk', 'users', '--json'])).stdout).map((u) => u.username)).not.toContain('steady');
  });

  it('confirms a sign-in safe by id, and refuses a malformed or unknown id', async () => {
    const [signIn] = json<Array<{ id: string }>>((await cli(['risk', 'signins', '--user', 'hider', '--json'])).stdout);
    expect((await cli(['risk', 'confirm-safe', signIn?.id ?? ''])).code).toBe(0);
    const bad = await cli(['risk', 'confirm-safe', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/24 hexadecimal/);
    expect((await cli(['risk', 'confirm-safe', 'f'.repeat(24)])).code).toBe(2);
    expect((await cli(['risk', 'signins', '--since', 'yesterday'])).code).toBe(2);
  });

  it('confirms a sign-in compromised by id: user risk high, one audit event on the sign-in', async () => {
    const [signIn] = json<Array<{ id: string }>>((await cli(['risk', 'signins', '--user', 'leaky', '--json'])).stdout);
    const done = await cli(['risk', 'confirm-sign-in-compromised', signIn?.id ?? '', '--json']);
    expect(done.code).toBe(0);
    expect(json<{ riskState: string }>(done.stdout).riskState).toBe('confirmedCompromised');
    const users = json<Array<{ username: string; riskLevel: string }>>((await cli(['risk', 'users', '--json'])).stdout);
    expect(users.find((u) => u.username === 'leaky')?.riskLevel).toBe('high');
    const audit = json<Array<{ action: string; target: { id: string } }>>((await cli(['audit', '--user', 'leaky', '--json'])).stdout);
    expect(audit.filter((e) => e.action === 'risk.confirm-sign-in-compromised' && e.target.id === signIn?.id)).toHaveLength(1);
    expect((await cli(['risk', 'confirm-sign-in-compromised', 'nope'])).code).toBe(2);
  });

  it('replays a log on a scratch database with the active or a candidate policy file', async () => {
    const lines: string[] = [];
    const start = Date.parse('2026-10-01T08:00:00Z');
    for (let i = 0; i < 20; i += 1) {
      lines.push(JSON.stringify({ time: new Date(start + i * 60_000).toISOString(), username: `victim${i}`, ip: '198.51.100.66', userAgent: 'python-requests/2.31', deviceId: `d${i}`, passwordOk: i === 19 }));
    }
    const file = join(vigil.configDir, 'spray.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = json<Array<{ username: string }>>((await cli(['user', 'list', '--json'])).stdout).length;
    const result = await cli(['risk', 'replay', file, '--json']);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { line: number; riskLevel: string; decision: string; detections: Array<{ type: string; level: string; reason: string }> });
    expect(events).toHaveLength(20);
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(['decision', 'detections', 'line', 'riskLevel', 'time', 'username']);
    expect(events[19]?.detections.map((d) => d.type)).toContain('passwordSpray');
    expect(events[19]?.decision).toBe('mfa');
    expect(events[0]?.decision).toBe('block');
    expect(JSON.parse(result.stderr.trim()) as { totals: { events: number } }).toMatchObject({ totals: { events: 20 } });
    expect(json<Array<unknown>>((await cli(['user', 'list', '--json'])).stdout)).toHaveLength(before);

    const candidate = join(vigil.configDir, 'candidate.yaml');
    writeFileSync(candidate, 'mfaRegistration: { state: disabled }\nsignInRisk: { state: reportOnly, level: medium }\nuserRisk: { state: disabled }\nsspr: { enabledFor: none }\n');
    const relaxed = await cli(['risk', 'replay', file, '--policies', candidate, '--json']);
    expect((JSON.parse(relaxed.stdout.trim().split('\n')[19] ?? '{}') as { decision: string }).decision).toBe('allow');

    writeFileSync(file, `${lines[0]}\n{"time": "2026-10-01T09:00:00Z", "username": "x", "ip": "not-an-ip", "userAgent": "u", "deviceId": "d", "passwordOk": true}\n`);
    const bad = await cli(['risk', 'replay', file, '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 2/);
  });

  it('sends batched admin alerts once per risk change, and a digest', async () => {
    const config = { recipients: ['secops@example.test'], alertLevel: 'high' as const, batchMinutes: 15 };
    expect(await sendAdminAlerts(vigil.app.services, config)).toBeGreaterThanOrEqual(1);
    const alert = await sink.waitFor((m) => m.envelopeTo.includes('secops@example.test'));
    expect(alert.text).toContain('leaky');
    expect(await sendAdminAlerts(vigil.app.services, config)).toBe(0);

    writeFileSync(join(vigil.configDir, 'alerts.yaml'), 'recipients: [digest@example.test]\n');
    const digest = await cli(['risk', 'digest', '--json']);
    expect(digest.code).toBe(0);
    expect(json<{ recipients: string[]; summary: { riskyUsers: number } }>(digest.stdout)).toMatchObject({ recipients: ['digest@example.test'] });
  });
});
