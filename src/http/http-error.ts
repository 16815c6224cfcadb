/**
 * An error with a status, a stable code and whether its message may be shown (as in
 * oidc-provider). Our handlers throw these for bad input; anything else is a bug and is shown
 * as a generic page with a reference id.
 */
import type { TextId } from '../text/catalogue.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly textId: TextId;

  constructor(status: number, code: string, textId: TextId, options: { expose?: boolean; cause?: unknown } = {}) {
    super(code, { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.textId = textId;
    this.expose = options.expose ?? status < 500;
  }
}

export const badRequest = (code = 'bad_request'): HttpError => new HttpError(400, code, 'error.badRequest');
export const csrfFailed = (): HttpError => new HttpError(403, 'csrf_failed', 'error.csrf');
export const interactionExpired = (): HttpError => new HttpError(400, 'interaction_expired', 'error.expired.body');
