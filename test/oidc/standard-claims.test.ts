import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { profileUpdate } from '../../src/oidc/standard-claims.ts';
import { runCli } from '../support/cli.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
const cli = (args: string[]) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir });

const PROFILE = {
  given_name: 'Ada', family_name: 'Lovelace', middle_name: 'King', nickname: 'Countess',
  profile: 'https://example.test/ada', picture: 'https://example.test/ada.png', website: 'http://ada.example.test/',
  gender: 'female', birthdate: '1815-12-10', zoneinfo: 'Europe/London', locale: 'en-GB',
};

beforeAll(async () => {
  vigil = await startTestApp({ label: 'standard-claims' });
  await createTestUser({ username: 'ada', email: 'ada@example.test' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function signIn(params: Record<string, string>) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const done = await browser.submit(login, 'login', { username: 'ada', password: DEFAULT_PASSWORD });
  const tokens = await rp.finish(done.url, started);
  const claims: Record<string, unknown> = tokens.claims() ?? {};
  return { idToken: claims, userinfo: await oidc.fetchUserInfo(rp.config, tokens.access_token, String(claims.sub)) };
}

describe('standard claims, set with the admin CLI and released per scope', () => {
  it('user set-profile stores every profile, phone and address claim', async () => {
    const result = await cli(['user', 'set-profile', 'ada', '--given-name', 'Ada', '--family-name', 'Lovelace', '--middle-name', 'King',
      '--nickname', 'Countess', '--profile', PROFILE.profile, '--picture', PROFILE.picture, '--website', PROFILE.website, '--gender', 'female',
      '--birthdate', '1815-12-10', '--zoneinfo', 'Europe/London', '--locale', 'en-GB', '--phone-number', '+442079460000',
      '--phone-number-verified', 'yes', '--street-address', '12 St James Square', '--locality', 'London', '--postal-code', 'SW1Y 4JH',
      '--country', 'GB', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).profile).toMatchObject({ given_name: 'Ada', phone_number_verified: true, address: { locality: 'London' } });
  });

  it('scope claims go to userinfo, not the ID token; the discovery document lists every scope and claim', async () => {
    const { idToken, userinfo } = await signIn({ scope: 'openid profile email phone address', claims: '' });
    for (const name of [...Object.keys(PROFILE), 'email', 'phone_number', 'address', 'preferred_username', 'name']) {
      expect(idToken[name], name).toBeUndefined();
    }
    expect(userinfo).toMatchObject({ ...PROFILE, name: 'ada', preferred_username: 'ada', email: 'ada@example.test', email_verified: true,
      phone_number: '+442079460000', phone_number_verified: true,
      address: { street_address: '12 St James Square', locality: 'London', postal_code: 'SW1Y 4JH', country: 'GB' } });
    expect(typeof userinfo.updated_at).toBe('number');
    const discovery = rp.config.serverMetadata();
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['profile', 'email', 'phone', 'address']));
    expect(discovery.claims_supported).toEqual(expect.arrayContaining([...Object.keys(PROFILE), 'phone_number', 'address', 'updated_at']));
  });

  it('only the scopes asked for: profile alone releases no e-mail, phone or address', async () => {
    const { userinfo } = await signIn({ scope: 'openid profile', claims: '' });
    expect(userinfo.given_name).toBe('Ada');
    expect(userinfo.email).toBeUndefined();
    expect(userinfo.phone_number).toBeUndefined();
    expect(userinfo.address).toBeUndefined();
  });

  it('the claims parameter puts the claims it names into the ID token', async () => {
    const { idToken, userinfo } = await signIn({ scope: 'openid', claims: JSON.stringify({ id_token: { email: null, given_name: { essential: true } }, userinfo: { picture: null } }) });
    expect(idToken.email).toBe('ada@example.test');
    expect(idToken.given_name).toBe('Ada');
    expect(idToken.family_name).toBeUndefined();
    expect(userinfo.picture).toBe(PROFILE.picture);
    expect(userinfo.given_name).toBeUndefined();
  });

  it('every claim is validated as the spec describes it', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ picture: 'javascript:alert(1)' }, /--picture must be an absolute http\(s\) URL/],
      [{ website: 'ftp://example.test/' }, /--website must be an absolute http\(s\) URL/],
      [{ birthdate: '1815-13-40' }, /--birthdate must be YYYY-MM-DD or YYYY/],
      [{ zoneinfo: 'Mars/Olympus' }, /--zoneinfo must be an IANA time zone/],
      [{ locale: 'not a locale' }, /--locale must be a BCP 47 language tag/],
      [{ 'phone-number': '0207 946 0000' }, /--phone-number must be in E.164 form/],
      [{ 'given-name': 'A\rB' }, /--given-name must be 1-128 characters/],
      [{ 'phone-number-verified': 'maybe' }, /--phone-number-verified must be yes or no/],
      [{}, /name at least one claim/],
    ];
    for (const [flags, message] of cases) {
      const update = profileUpdate(new Map(Object.entries(flags)));
      expect(update.ok ? 'accepted' : update.message, JSON.stringify(flags)).toMatch(message);
    }
    expect(profileUpdate(new Map([['birthdate', '1815'], ['zoneinfo', 'America/Argentina/Buenos_Aires'], ['locale', 'zh-Hant-TW']])).ok).toBe(true);
  });

  it('the CLI refuses a bad value with exit 2 and one line; an empty value removes a claim', async () => {
    const refused = await cli(['user', 'set-profile', 'ada', '--birthdate', '10/12/1815']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/--birthdate must be YYYY-MM-DD or YYYY/);
    const cleared = await cli(['user', 'set-profile', 'ada', '--nickname', '', '--birthdate', '1815', '--json']);
    expect(cleared.code).toBe(0);
    const profile = JSON.parse(cleared.stdout).profile;
    expect(profile.nickname).toBeUndefined();
    expect(profile.birthdate).toBe('1815');
  });
});
