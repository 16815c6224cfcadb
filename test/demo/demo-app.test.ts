/**
 * The demo relying party (src/demo/demo-app.ts): "Sign in and require MFA" is a link that starts
 * a sign-in demanding MFA (the essential acr claim) — it used to reload the demo page — and the
 * claims the demo app then shows carry the MFA acr. The signed-in page shows two labelled boxes
 * (README "Quick start"): the ID token claims, which carry only who signed in and how, and the
 * userinfo response fetched with the access token, which carries the profile and e-mail. The demo
 * is mounted as `npm start` mounts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';

let vigil: TestApp;
let mfa: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'demoapp', demoApp: true });
  const user = await createTestUser({ username: 'dora' });
  mfa = await registerMfa(vigil, user._id.toString());
});
afterAll(async () => {
  await vigil.close();
});

function decode(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The JSON in the labelled box `id` (a section whose h2 reads `title`); fails if the box is missing. */
function box(html: string, id: string, title: string): Record<string, unknown> {
  const section = new RegExp(`<section aria-labelledby="${id}-title">\\s*<h2 id="${id}-title">${title}</h2>\\s*<pre class="claims" id="${id}">([\\s\\S]*?)</pre>\\s*</section>`).exec(html);
  expect(section, `the "${title}" box`).not.toBeNull();
  return JSON.parse(decode(section?.[1] ?? 'null')) as Record<string, unknown>;
}

describe('demo app', () => {
  it('"Sign in and require MFA" starts a sign-in that asks for MFA, and the claims then carry the MFA acr', async () => {
    const browser = new UserAgent(vigil.issuer);
    const home = await browser.open('/demo');
    expect(home.status).toBe(200);
    const href = decode(/<a class="link" href="([^"]+)" id="sign-in-mfa">/.exec(home.html)?.[1] ?? '');
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe(`${vigil.issuer}/auth`);
    expect(url.searchParams.get('claims')).toBe(ESSENTIAL_MFA_CLAIMS);
    expect(JSON.parse(url.searchParams.get('claims') ?? '{}')).toEqual({ id_token: { acr: { essential: true, values: [MFA_ACR] } } });

    const login = await browser.open(href);
    const prompt = await browser.submit(login, 'login', { username: 'dora', password: DEFAULT_PASSWORD });
    expect(prompt.html).toContain('<h1>Verify your identity</h1>');
    nextStep(vigil);
    const shown = await browser.submit(prompt, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(new URL(shown.url).pathname).toBe('/demo/callback');
    const claims = box(shown.html, 'claims', 'ID token claims');
    expect(claims.acr).toBe(MFA_ACR);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    // conformIdTokenClaims: the scope's profile and e-mail claims are not in the ID token…
    expect(claims.preferred_username).toBeUndefined();
    // …but in the userinfo response, for the same subject.
    const userinfo = box(shown.html, 'userinfo', 'Userinfo response');
    expect(userinfo.sub).toBe(claims.sub);
    expect(userinfo.preferred_username).toBe('dora');
    expect(userinfo.email).toBe('dora@example.test');
    // The signed-in page links straight to sign-ins again, never back to a page that only reloads.
    expect(shown.html).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/auth\?[^"]*" id="sign-in-mfa"/);
  });
});
