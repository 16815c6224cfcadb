/**
 * Journeys: the reset's choice of how to verify, for an authenticator-app user (the app, and "I
 * lost my phone" with a recovery code), an e-mail-only user, a user with no usable method and a
 * name nobody has. The choice page and the e-mail page are the same for all four (no
 * enumeration); only what arrives by mail differs, and each mail says what it is: a user who
 * cannot reset is never sent "Reset your password".
 */
import { User } from '../../src/users/user.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import type { Session } from './support/session.ts';
import { action, expectHeading, field, pageShape, toResetChoice } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`;
const NEW_PASSWORDS = ['saffron-harbour-quill-88', 'juniper-lantern-otter-51'] as const;

const journeys = browserJourneys({ label: 'forgotchoice', policiesYaml: POLICIES, mail: true });
let appUser: RegisteredMfa;

beforeAll(async () => {
  const abe = await createTestUser({ username: 'abe' });
  appUser = await registerMfa(journeys.vigil, abe._id.toString());
  await createTestUser({ username: 'eve' });
  // No usable method: no app, and an e-mail address nobody verified.
  const nia = await createTestUser({ username: 'nia' });
  await User.updateOne({ _id: nia._id }, { $set: { emailVerified: false } });
});

// Pages the other journeys already photograph are checked (axe, 360 px) without a screenshot.
const NO_SHOT = { screenshot: false } as const;

/** Login → "Forgot password?" → the username → the choice page, each checked; its shape. */
async function toChoice(session: Session, username: string, name: string): Promise<string> {
  await toResetChoice(journeys, session, username, name);
  return pageShape(session.page);
}

async function chooseEmail(session: Session, name: string): Promise<string> {
  await session.page.getByLabel('E-mail a code to my password reset address').check();
  await action(session.page, 'choose').click();
  await expectHeading(session.page, 'Enter your code');
  await session.checkPage(name, NO_SHOT);
  return pageShape(session.page);
}

async function setNewPassword(session: Session, name: string, password: string): Promise<void> {
  const { page } = session;
  await expectHeading(page, 'Choose a new password');
  await session.checkPage(name, NO_SHOT);
  await field(page, 'new-password').nth(0).fill(password);
  await field(page, 'new-password').nth(1).fill(password);
  await action(page, 'reset').click();
  await expectHeading(page, 'Sign in');
  await field(page, 'username').waitFor();
  await session.checkPage(`${name}-login`, NO_SHOT);
}

describe('choosing how to verify a password reset', () => {
  it('app, e-mail-only, no-method and unknown users see the same choice and the same e-mail page; mail goes only where it helps', async () => {
    journeys.mail.clear();
    const shapes: Record<string, { choose: string; email: string }> = {};
    for (const username of ['abe', 'eve', 'nia', 'nobody-here']) {
      const session = await journeys.session();
      const choose = await toChoice(session, username, `password-reset-shape-${username === 'nobody-here' ? 'unknown' : username}`);
      shapes[username] = { choose, email: await chooseEmail(session, `password-reset-shape-${username === 'nobody-here' ? 'unknown' : username}-email`) };
    }
    for (const username of ['eve', 'nia', 'nobody-here']) expect(shapes[username]).toEqual(shapes.abe);
    expect(shapes.abe?.choose).toContain('I lost my phone: use a recovery code');
    expect(shapes.abe?.email).toContain('An account with an authenticator app gets no e-mail here');

    await journeys.mail.waitFor((m) => m.envelopeTo.includes('eve@example.test') && m.subject === 'Reset your Vigil password');
    const notice = await journeys.mail.waitFor((m) => m.envelopeTo.includes('nia@example.test'));
    expect(notice.subject).toBe("You can't reset your Vigil password yourself");
    expect(notice.text).toContain('contact your administrator');
    expect(journeys.mail.messages.filter((m) => m.envelopeTo.includes('abe@example.test'))).toHaveLength(0);
    expect(journeys.mail.messages.filter((m) => m.envelopeTo.includes('nia@example.test') && /^Reset your/.test(m.subject))).toHaveLength(0);
  });

  it('an app user verifies with the authenticator app and sets a new password', async () => {
    const session = await journeys.session();
    const { page } = session;
    await toChoice(session, 'abe', 'password-reset-app');
    await page.getByLabel('Enter a code from my authenticator app').check();
    await action(page, 'choose').click();
    await expectHeading(page, 'Enter your code');
    expect(await page.locator('main').innerText()).toContain('Open your authenticator app');
    await session.checkPage('password-reset-app-code');
    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, appUser.secret));
    await action(page, 'verify').click();
    await setNewPassword(session, 'password-reset-app-new-password', NEW_PASSWORDS[0]);
  });

  it('"I lost my phone": an app user without the phone uses a recovery code', async () => {
    const session = await journeys.session();
    const { page } = session;
    await toChoice(session, 'abe', 'password-reset-lost-phone');
    await page.getByLabel('I lost my phone: use a recovery code').check();
    await action(page, 'choose').click();
    await expectHeading(page, 'Enter a recovery code');
    await session.checkPage('password-reset-recovery');
    await field(page, 'one-time-code').fill(appUser.recoveryCodes[0] ?? '');
    await action(page, 'verify').click();
    await setNewPassword(session, 'password-reset-recovery-new-password', NEW_PASSWORDS[1]);
  });
});
