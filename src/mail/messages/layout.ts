/**
 * The look of every Vigil e-mail. A message is a list of blocks; this module renders the same
 * blocks as the text part and the HTML part, so the two can never say different things.
 *
 * Every string in a block is flattened to one line (user-supplied values cannot add lines or
 * hide text) and HTML-escaped; link URLs are the exception: they are checked, not altered.
 */
import { html } from '../html-escape.ts';
import type { SafeHtml } from '../html-escape.ts';
import { singleLine } from '../single-line.ts';
import type { Brand, MailContent } from './types.ts';

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; code: string }
  | { kind: 'details'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  | { kind: 'link'; url: string; label: string }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'note'; text: string };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const code = (value: string): Block => ({ kind: 'code', code: value });
export const details = (rows: ReadonlyArray<readonly [string, string]>): Block => ({ kind: 'details', rows });
export const link = (url: string, label: string): Block => ({ kind: 'link', url, label });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items });
export const note = (text: string): Block => ({ kind: 'note', text });

const PARAGRAPH_MAX = 2_000;

/**
 * Links are built by the caller from the configured issuer, never from a request's Host header.
 * Here we only refuse what no such link can look like (another scheme, whitespace, control
 * characters): `new URL` would silently strip a newline, so we check the raw string.
 */
export function assertMailLink(url: string): void {
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(url)) throw new TypeError('mail link contains whitespace or control characters');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('mail link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('mail link must be http(s)');
}

export interface MailParts {
  subject: string;
  heading: string;
  blocks: readonly Block[];
}

export function renderMail(brand: Brand, parts: MailParts): MailContent {
  for (const block of parts.blocks) if (block.kind === 'link') assertMailLink(block.url);
  return {
    subject: singleLine(parts.subject),
    text: renderText(brand, parts),
    html: renderHtml(brand, parts),
  };
}

function renderText(brand: Brand, parts: MailParts): string {
  const sections = [singleLine(parts.heading), ...parts.blocks.map(textBlock)];
  const footer = `--\n${singleLine(brand.productName)}\nThis is an automated message. Replies are not read.`;
  return `${sections.join('\n\n')}\n\n${footer}\n`;
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'note':
      return singleLine(block.text, PARAGRAPH_MAX);
    case 'code':
      return `    ${singleLine(block.code)}`;
    case 'details': {
      const rows = block.rows.map(([label, value]) => [singleLine(label), singleLine(value)] as const);
      const width = Math.max(0, ...rows.map(([label]) => label.length)) + 1;
      return rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n');
    }
    case 'link':
      // The URL alone on its line so clients auto-link it without swallowing punctuation.
      return `${singleLine(block.label)}:\n${block.url}`;
    case 'list':
      return block.items.map((item) => `- ${singleLine(item, PARAGRAPH_MAX)}`).join('\n');
  }
}

const FONT = '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif';

function htmlBlock(block: Block): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px;line-height:1.5;">${singleLine(block.text, PARAGRAPH_MAX)}</p>`;
    case 'note':
      return html`<p style="margin:0 0 16px;line-height:1.5;font-size:13px;color:#57606a;">${singleLine(block.text, PARAGRAPH_MAX)}</p>`;
    case 'code':
      return html`<p style="margin:0 0 16px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:28px;letter-spacing:4px;font-weight:bold;">${singleLine(block.code)}</p>`;
    case 'details':
      return html`<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">${block.rows.map(
        ([label, value]) =>
          html`<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600;vertical-align:top;">${singleLine(label)}</th><td style="padding:4px 0;">${singleLine(value)}</td></tr>`,
      )}</table>`;
    case 'link':
      // The bare URL is shown as well: some clients strip links, and readers may want to check it.
      return html`<p style="margin:0 0 8px;"><a href="${block.url}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;">${singleLine(block.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#57606a;word-break:break-all;">${block.url}</p>`;
    case 'list':
      return html`<ul style="margin:0 0 16px;padding-left:20px;line-height:1.5;">${block.items.map(
        (item) => html`<li>${singleLine(item, PARAGRAPH_MAX)}</li>`,
      )}</ul>`;
  }
}

function renderHtml(brand: Brand, parts: MailParts): string {
  const product = singleLine(brand.productName);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${singleLine(parts.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<div style="max-width:560px;margin:0 auto;padding:24px;font-family:${FONT};font-size:15px;color:#1f2328;background:#ffffff;">
<p style="margin:0 0 16px;font-size:13px;font-weight:600;color:#57606a;">${product}</p>
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">${singleLine(parts.heading)}</h1>
${parts.blocks.map((block) => html`${htmlBlock(block)}
`)}<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px;">
<p style="margin:0;font-size:12px;color:#57606a;">This is an automated message from ${product}. Replies are not read.</p>
</div>
</body>
</html>
`.toString();
}
