/**
 * Reading a posted form: every field we use must be a single string within its size limit, so
 * arrays, objects (`login[$ne]=`) and oversized values are rejected before any logic sees them.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { badRequest } from './http-error.ts';

export function formBody(ctx: Context): Record<string, unknown> {
  const body: unknown = (ctx.request as { body?: unknown }).body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : {};
}

export const field = (max: number) => z.string().max(max);

export function parseForm<S extends z.ZodType>(ctx: Context, schema: S): z.output<S> {
  const result = schema.safeParse(formBody(ctx));
  if (!result.success) throw badRequest('invalid_form');
  return result.data;
}
