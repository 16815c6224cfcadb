/**
 * Turns any failure in our routes into a clear page: bad input gets its own message and status,
 * an unreachable database a 503, anything else a generic 500 with a reference id in the log.
 * Never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import { errors as oidcErrors } from 'oidc-provider';
import { isDatabaseError } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { HttpError } from './http-error.ts';
import type { Renderer } from './render.ts';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_CODE, unavailableJson } from './unavailable.ts';

interface Classified {
  status: number;
  code: string;
  heading: TextId;
  message: TextId;
  reference?: string;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

export function classifyError(error: unknown): Classified {
  if (error instanceof HttpError) {
    const heading: TextId = error.code === 'interaction_expired' ? 'error.expired.title' : 'error.title';
    return { status: error.status, code: error.code, heading, message: error.textId };
  }
  if (error instanceof oidcErrors.SessionNotFound) {
    return { status: 400, code: 'interaction_expired', heading: 'error.expired.title', message: 'error.expired.body' };
  }
  if (isDatabaseError(error)) {
    return { status: 503, code: UNAVAILABLE_CODE, heading: 'error.unavailable.title', message: 'error.unavailable.body' };
  }
  const status = statusOf(error);
  if (status === 413) return { status, code: 'too_large', heading: 'error.title', message: 'error.tooLarge' };
  // A client error from a library (e.g. unparseable JSON): our own words, never its message.
  if (status && status >= 400 && status < 500) {
    return { status, code: 'bad_request', heading: 'error.title', message: 'error.badRequest' };
  }
  return { status: 500, code: 'internal', heading: 'error.title', message: 'error.internal', reference: randomUUID() };
}

export function errorPages(renderer: Renderer, logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        renderer.page(ctx, 'error', { title: text('error.title'), heading: text('error.title'), message: text('error.notFound') }, 404);
      }
    } catch (error) {
      const classified = classifyError(error);
      if (classified.status >= 500) {
        logger.error({ err: error, reference: classified.reference, path: ctx.path }, 'request failed');
      }
      if (ctx.accepts('html', 'json') === 'json') {
        if (classified.status === 503) {
          unavailableJson(ctx);
          return;
        }
        ctx.status = classified.status;
        ctx.body = { error: classified.code, error_description: text(classified.message) };
        return;
      }
      renderer.page(ctx, 'error', {
        title: text(classified.heading),
        heading: text(classified.heading),
        message: text(classified.message),
        reference: classified.reference,
      }, classified.status);
      if (classified.status === 503) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
    }
  };
}
