/**
 * What the flow driver does on each page it meets during a sign-in, found by the form's
 * `autocomplete` tokens and button values (the form contract: README.md, "Pages and forms").
 * One entry per kind of page.
 */
import { currentTotpCode } from '../../src/mfa/totp/totp.ts';
import { fieldWithAutocomplete, type Form } from './html-form.ts';

interface Credentials {
  username: string;
  password: string;
  totpSecret?: string;
}

export interface PageStep {
  name: string;
  /** The values to submit (with the form's hidden fields) if this step handles the form. */
  fill(form: Form, credentials: Credentials): Record<string, string> | undefined;
}

export const passwordStep: PageStep = {
  name: 'password',
  fill(form, credentials) {
    const password = fieldWithAutocomplete(form, 'current-password');
    const username = fieldWithAutocomplete(form, 'username');
    if (!password || !username || !form.buttons.includes('login')) return undefined;
    return { [username]: credentials.username, [password]: credentials.password, action: 'login' };
  },
};

/** The MFA page: the code the person's authenticator app shows now. */
export const totpStep: PageStep = {
  name: 'totp',
  fill(form, credentials) {
    const code = fieldWithAutocomplete(form, 'one-time-code');
    if (!code || !form.buttons.includes('verify') || !credentials.totpSecret) return undefined;
    return { [code]: currentTotpCode(credentials.totpSecret, new Date()), action: 'verify' };
  },
};

export const PASSWORD_ONLY: PageStep[] = [passwordStep];
export const PASSWORD_AND_TOTP: PageStep[] = [passwordStep, totpStep];
