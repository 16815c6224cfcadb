/**
 * The combined-registration wizard as its steps see it (src/mfa/registration-wizard.ts runs
 * them; each method's step lives in its folder, as src/mfa/totp/registration-step.ts).
 */
import type { Context } from 'koa';
import type { Services } from '../services.ts';
import type { UserRecord } from '../users/user.ts';
import type { RegistrationDeps } from './registration.ts';

/** What the registration wizard uses (in the sign-in and in security info). */
export type WizardDeps = Pick<Services, 'brand' | 'clock' | 'codePepper' | 'mailer' | 'renderer' | 'secretBox'>;

export interface Wizard {
  services: WizardDeps;
  ctx: Context;
  user: UserRecord;
  boundTo: string;
  action: string;
  csrf: string;
  /** The app step offers "Do it later" (posts `skip`): only while the registration prompt is skippable. */
  later?: boolean;
  /** The app step links back here (security info). */
  backHref?: string;
}

/** What every wizard page gets: where it posts, its CSRF token, its error, whose it is. */
export interface WizardPage {
  action: string;
  csrf: string;
  error: string | undefined;
  username: string;
}

export function registrationDeps(services: Pick<Services, 'secretBox' | 'codePepper'>): RegistrationDeps {
  return { secretBox: services.secretBox, codePepper: services.codePepper };
}
