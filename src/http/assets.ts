/**
 * Vigil's own static files (stylesheet, page scripts, the configured logo), read once at boot
 * and served with long caching. Only names on the list exist: no path ever reaches the disk.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { Context } from 'koa';
import type { Brand } from './render.ts';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml' };

interface Asset { body: Buffer; type: string }

/** Vendored browser code, served from Vigil itself (script-src 'self': no CDN): the WebAuthn helpers' bundle. */
function vendorScripts(): Map<string, Buffer> {
  const browser = dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser'));
  return new Map([['simplewebauthn-browser.js', readFileSync(join(browser, '..', 'dist', 'bundle', 'index.umd.min.js'))]]);
}

export function loadAssets(assetsDir: string, brand: Brand): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(assetsDir)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(assetsDir, name)), type });
  }
  for (const [name, body] of vendorScripts()) assets.set(name, { body, type: TYPES['.js'] ?? 'text/javascript' });
  if (brand.primaryColor) {
    assets.set('brand.css', { body: Buffer.from(`:root { --brand: ${brand.primaryColor}; }\n`), type: 'text/css; charset=utf-8' });
  }
  if (brand.logoPath) {
    const type = TYPES[extname(brand.logoPath)];
    if (type) assets.set('logo', { body: readFileSync(brand.logoPath), type });
  }
  return assets;
}

export function serveAsset(assets: Map<string, Asset>) {
  return function asset(ctx: Context): void {
    const found = assets.get(String(ctx.params.name));
    if (!found) {
      ctx.status = 404;
      ctx.body = 'Not found';
      return;
    }
    ctx.type = found.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    // An SVG logo from config is a document too: opened on its own it may not run script.
    if (found.type === 'image/svg+xml') ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    ctx.body = found.body;
  };
}
