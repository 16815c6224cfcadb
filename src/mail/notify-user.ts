/**
 * Sends a message to a user: their profile address, else the address they registered for
 * password reset. A user with neither simply gets no mail; sending never fails a request.
 */
import { methodOf } from '../mfa/authenticator-store.ts';
import type { Mailer } from './mailer.ts';
import type { MailContent } from './messages/types.ts';

export async function userMailAddress(user: { _id: { toString(): string }; email?: string }): Promise<string | undefined> {
  if (user.email) return user.email;
  const method = await methodOf(user._id.toString(), 'email');
  return method?.address;
}

export async function notifyUser(mailer: Mailer, user: { _id: { toString(): string }; email?: string }, content: MailContent): Promise<void> {
  const to = await userMailAddress(user);
  if (to) await mailer.send({ to, ...content });
}
