/**
 * HTML escaping for mail bodies. Message functions build HTML only through the `html` tag, so
 * every interpolated value is escaped unless it is already SafeHtml produced by that tag:
 * forgetting to escape a username or user-agent string is then impossible rather than unlikely.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

// Not exported: without it nobody outside this module can wrap an unescaped string as SafeHtml.
const mintKey = Symbol('SafeHtml');

/** Markup that is safe to insert as-is; only the `html` tag creates one. */
export class SafeHtml {
  readonly #markup: string;

  constructor(markup: string, key: symbol) {
    if (key !== mintKey) throw new TypeError('SafeHtml is created by the html tag');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (typeof value === 'object') return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: literal parts are trusted markup, interpolations are escaped (arrays are
 * rendered item by item, `null`/`undefined`/`false` render nothing so conditionals read well).
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out, mintKey);
}
