/**
 * Server-rendered pages with Eta. Auto-escaping is on, so every `<%= %>` value is HTML-escaped;
 * the only raw insertion (`<%~ %>`) is for templates and markup we produce ourselves.
 */
import { Eta } from 'eta';
import type { Context } from 'koa';
import { text, type TextId, type TextParams } from '../text/catalogue.ts';

export interface Brand {
  productName: string;
  primaryColor?: string;
  logoPath?: string;
}

export interface Renderer {
  page(ctx: Context, template: string, data: Record<string, unknown> & { title: string }, status?: number): void;
  html(template: string, data: Record<string, unknown> & { title: string }): string;
}

export function createRenderer(viewsDir: string, brand: Brand, options: { cache: boolean }): Renderer {
  const eta = new Eta({ views: viewsDir, autoEscape: true, cache: options.cache, autoTrim: false });
  const t = (id: TextId, params?: TextParams): string => text(id, params);
  const html = (template: string, data: Record<string, unknown> & { title: string }): string =>
    eta.render(template, { ...data, brand, t });
  return {
    html,
    page(ctx, template, data, status = 200) {
      ctx.status = status;
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = html(template, data);
    },
  };
}
