/**
 * Sends a message to a user: their profile address, else the address they registered for
 * password reset. A user with neither simply gets no mail; sending never fails a request.
 */
import { methodOf } from '../mfa/authenticator-store.ts';
import type { AuthenticatorRecord } from '../mfa/authenticator.ts';
import type { Mailer } from './mailer.ts';
import type { MailContent } from './messages/types.ts';

/** Where mail for the user goes, when their e-mail method is already at hand. */
export function mailAddressOf(user: { email?: string | undefined }, emailMethod: Pick<AuthenticatorRecord, 'address'> | null): string | undefined {
  return user.email || emailMethod?.address;
}

export async function userMailAddress(user: { _id: { toString(): string }; email?: string }): Promise<string | undefined> {
  return mailAddressOf(user, user.email ? null : await methodOf(user._id.toString(), 'email'));
}

export async function notifyUser(mailer: Mailer, user: { _id: { toString(): string }; email?: string }, content: MailContent): Promise<void> {
  const to = await userMailAddress(user);
  if (to) await mailer.send({ to, ...content });
}
