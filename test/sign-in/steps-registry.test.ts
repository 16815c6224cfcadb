/**
 * Adding an interaction step is its module plus one registration line: a step defined only in
 * this test (a throwaway prompt whose check reads a fake reason) is added to the registry by one
 * line and becomes a prompt of the interaction policy, the page GET /interaction/:uid shows, and
 * a route its form posts to. The real registry's steps, prompts and pages agree one to one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionPolicy } from 'oidc-provider';
import { buildInteractionPolicy } from '../../src/oidc/interaction-policy.ts';
import { vigilPrompts } from '../../src/oidc/prompts.ts';
import type { CheckDeps } from '../../src/sign-in/check-deps.ts';
import { OWED_PROMPTS } from '../../src/sign-in/decide.ts';
import { finishStep, loadPostedForm } from '../../src/sign-in/interaction.ts';
import type { InteractionStep } from '../../src/sign-in/interaction-step.ts';
import { INTERACTION_STEPS } from '../../src/sign-in/steps-registry.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

/** The fake reason: who still owes the throwaway step. */
const owing = new Set<string>();

const termsStep: InteractionStep = {
  prompt: 'test_terms',
  checks: () => [new interactionPolicy.Check('test_terms_owed', 'the test owes the terms step', (ctx) => owing.has(ctx.oidc.session?.accountId ?? ''))],
  show: (services, ctx, loaded) => {
    const uid = loaded.interaction.uid;
    ctx.type = 'html';
    ctx.body = `<h1>Test terms for ${loaded.clientName}</h1><form method="post" action="/interaction/${uid}/test-terms">`
      + `<input type="hidden" name="csrf" value="${services.csrf.token(uid)}"><button type="submit" name="action" value="accept">Accept</button></form>`;
  },
  routes: [{
    path: '/test-terms',
    handler: async (services, ctx) => {
      const { interaction } = await loadPostedForm(services.provider, services.csrf, ctx);
      owing.delete(String(interaction.session?.accountId));
      await finishStep(ctx, interaction, {});
    },
  }],
};

const deps = { clock: { now: () => new Date() }, policies: {}, userRiskLevel: async () => 'none', reportOnly: () => undefined } as unknown as CheckDeps;

describe('the registry', () => {
  it('every prompt the provider can ask has exactly one step (its page), in the registry order', () => {
    const policy = buildInteractionPolicy(deps, vigilPrompts(deps));
    expect(policy.map((prompt) => prompt.name)).toEqual(INTERACTION_STEPS.map((step) => step.prompt));
  });

  it("Vigil's own prompts are the steps with checks, in the decision's order (OWED_PROMPTS)", () => {
    expect(INTERACTION_STEPS.filter((step) => step.checks).map((step) => step.prompt)).toEqual(Object.keys(OWED_PROMPTS));
  });

  it('no two steps mount the same route', () => {
    const routes = INTERACTION_STEPS.flatMap((step) => step.routes.map((route) => `${route.method ?? 'post'} ${route.path}`));
    expect(new Set(routes).size).toBe(routes.length);
  });
});

describe('a step registered by one line', () => {
  let vigil: TestApp;
  let rp: RelyingParty;

  beforeAll(async () => {
    vigil = await startTestApp({ label: 'steps-registry', steps: [...INTERACTION_STEPS, termsStep] });
    rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  });
  afterAll(async () => vigil.close());

  it('is a prompt of the policy: its check asks for it, its page shows, its route finishes it', async () => {
    const user = await createTestUser({ username: 'terry' });
    owing.add(String(user._id));
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const terms = await browser.submit(login, 'login', { username: 'terry', password: DEFAULT_PASSWORD });
    expect(terms.status).toBe(200);
    expect(terms.url).toMatch(/\/interaction\/[^/]+$/);
    expect(terms.html).toContain('<h1>Test terms for');

    const done = await browser.submit(terms, 'accept');
    expect(done.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);
    expect(owing.has(String(user._id))).toBe(false);
    expect((await rp.finish(done.url, started)).claims()?.preferred_username).toBe('terry');
  });

  it('is asked only while its check owes it, and prompt=none gets interaction_required', async () => {
    const user = await createTestUser({ username: 'tess' });
    const browser = new UserAgent(vigil.issuer);
    const first = await rp.start();
    const signedIn = await browser.submit(await browser.open(first.url.toString()), 'login', { username: 'tess', password: DEFAULT_PASSWORD });
    expect(signedIn.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);

    owing.add(String(user._id));
    const silent = await rp.start({ prompt: 'none' });
    const refused = await browser.open(silent.url.toString());
    expect(new URL(refused.url).searchParams.get('error')).toBe('interaction_required');
    owing.delete(String(user._id));
  });

  it("the step's route is mounted: an expired interaction is the friendly page, not a 404", async () => {
    const response = await new UserAgent(vigil.issuer).post('/interaction/no-such-uid/test-terms', { csrf: 'x' });
    expect(response.status).not.toBe(404);
    expect(response.status).toBeLessThan(500);
  });
});
