/**
 * Starting a reset again in the same sign-in supersedes the earlier one, even when both starts
 * carry the same time (a ManualClock that does not move, or instances whose clocks differ): the
 * newest start, never a reset already used up, is the one the next page continues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_MAX_FAILURES } from '../../src/password/reset/reset-flow.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { forgotPage, SSPR_POLICIES } from '../support/reset.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'sspr-restart', policiesYaml: SSPR_POLICIES });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

// Without an order of its own, two resets of one millisecond tie and a random id picks one: each
// round would then continue the used-up reset half the time, so 8 rounds all pass by chance 1 in 256.
const ROUNDS = 8;

describe('starting a reset again within the same millisecond', () => {
  it(`continues the new reset, not the one ${RESET_MAX_FAILURES} wrong codes ended, every time`, async () => {
    const frozen = vigil.clock.now().getTime();
    for (let round = 0; round < ROUNDS; round += 1) {
      const username = `restarted-${round}`;
      const browser = new UserAgent(vigil.issuer);
      const { forgot } = await forgotPage(rp, browser);
      let page = await browser.submit(await browser.submit(forgot, 'send', { username }), 'choose', { method: 'totp' });
      for (let i = 0; i < RESET_MAX_FAILURES; i += 1) page = await browser.submit(page, 'verify', { code: '000000' });
      expect(page.html).toContain('name="username"');

      const choose = await browser.submit(page, 'send', { username });
      expect(choose.html).toContain('name="method"');
      const verify = await browser.submit(choose, 'choose', { method: 'totp' });
      expect(verify.status, `round ${round}`).toBe(200);
      expect(verify.html).toContain('autocomplete="one-time-code"');
      expect(vigil.clock.now().getTime()).toBe(frozen);
    }
  });
});
