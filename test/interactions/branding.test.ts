import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b6e4f"/></svg>';
let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'branding',
    files: { 'branding.yaml': 'productName: Acme Sign-in\nprimaryColor: "#0b6e4f"\nlogo: acme.svg\n', 'acme.svg': LOGO },
  });
});
afterAll(async () => vigil.close());

describe('branding from config', () => {
  it('shows the product name and logo and serves the colour, all from Vigil itself', async () => {
    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const page = await new UserAgent(vigil.issuer).open((await rp.start()).url.toString());
    expect(page.html).toContain('<title>Sign in · Acme Sign-in</title>');
    expect(page.html).toContain('<img class="logo" src="/assets/logo"');
    expect(page.html).toContain('href="/assets/brand.css"');
    expect(page.html).not.toMatch(/(src|href)="https?:\/\//);
    const css = await request(vigil.issuer).get('/assets/brand.css');
    expect(css.text).toContain('--brand: #0b6e4f');
    const logo = await request(vigil.issuer).get('/assets/logo');
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.headers['content-security-policy']).toContain('sandbox');
    expect((await request(vigil.issuer).get('/assets/..%2Fpackage.json')).status).toBe(404);
  });
});
