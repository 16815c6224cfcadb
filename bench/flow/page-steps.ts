/**
 * What the flow driver does on each page it meets during a sign-in, found by the form's
 * `autocomplete` tokens and button values (PRODUCT.md's HTML contract). One entry per kind of
 * page; the TOTP scenario will add a `one-time-code` step here.
 */
import { fieldWithAutocomplete, type Form } from './html-form.ts';

interface Credentials {
  username: string;
  password: string;
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

export const PASSWORD_ONLY: PageStep[] = [passwordStep];
