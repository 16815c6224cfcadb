/**
 * Reset mail leaves after the response, and is rendered for every request alike (also when
 * there is nobody to send it to), so a real account's answer is neither slower nor faster than
 * a name nobody has (README "Self-service password reset": timing).
 */
import { passwordResetCode, type MailContent } from '../../mail/messages/index.ts';
import type { Services } from '../../services.ts';
import { RESET_CODE_LIFETIME_MS } from './reset-code.ts';

export function resetCodeMail(services: Pick<Services, 'brand'>, code: string): MailContent {
  return passwordResetCode({ brand: services.brand, code, minutesValid: RESET_CODE_LIFETIME_MS / 60_000 });
}

export function sendAfterResponse(services: Pick<Services, 'logger' | 'mailer'>, render: () => MailContent, to: string | undefined): void {
  // setImmediate runs after Koa has written the response (written in the promise chain that
  // this handler's promise resolves, before the event loop reaches the check phase).
  setImmediate(() => {
    const content = render();
    if (!to) return;
    services.mailer.send({ to, ...content }).catch((error: unknown) => {
      services.logger.warn({ err: (error as Error).message }, 'could not send a password reset mail');
    });
  });
}
