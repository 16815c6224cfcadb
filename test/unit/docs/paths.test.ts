/** docs/ARCHITECTURE.md and README.md name files and folders that exist: a moved file fails here, not in a reader's hands. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Every `src/…` path the text names (in code spans, links or prose), without a trailing `…`, `*` or `<name>` part. */
function namedPaths(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/(?<![\w-])src\/[\w./<>*-]*[\w/]/g)) {
    const path = match[0];
    // A pattern (`src/risk/detections/<name>.ts`, `src/oidc/checks/*`) names its folder.
    const cut = path.search(/[<*]/);
    found.add((cut === -1 ? path : path.slice(0, path.lastIndexOf('/', cut))).replace(/\/$/, ''));
  }
  return [...found].sort();
}

describe('paths named in the docs', () => {
  it('reads paths in code spans, links and patterns', () => {
    expect(namedPaths('see `src/risk/engine.ts`, [x](../src/sign-in/) and src/risk/detections/<name>.ts, `src/oidc/checks/*`.'))
      .toEqual(['src/oidc/checks', 'src/risk/detections', 'src/risk/engine.ts', 'src/sign-in']);
  });

  for (const file of ['docs/ARCHITECTURE.md', 'README.md']) {
    it(`every src/ path in ${file} exists`, () => {
      const paths = namedPaths(readFileSync(resolve(ROOT, file), 'utf8'));
      expect(paths.length).toBeGreaterThan(5);
      expect(paths.filter((path) => !existsSync(resolve(ROOT, path)))).toEqual([]);
    });
  }
});
