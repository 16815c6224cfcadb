import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from '../../../src/mail/html-escape.ts';

describe('escapeHtml', () => {
  it('escapes markup and attribute delimiters', () => {
    expect(escapeHtml(`<script>alert("x" + 'y' + \`z\`)</script> & co`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39; + &#96;z&#96;)&lt;/script&gt; &amp; co',
    );
  });
});

describe('html tag', () => {
  it('escapes interpolations but not the literal template', () => {
    const name = '<b>mallory</b>';
    expect(html`<p class="x">${name}</p>`.toString()).toBe('<p class="x">&lt;b&gt;mallory&lt;/b&gt;</p>');
  });

  it('nests fragments without double escaping and renders arrays and empty values', () => {
    const items = ['a&b', '<c>'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${3}`.toString()).toBe(
      '<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>3',
    );
  });

  it('cannot be bypassed by constructing SafeHtml directly', () => {
    expect(() => new SafeHtml('<script>', Symbol('SafeHtml'))).toThrow(TypeError);
  });
});
