/**
 * docs/ARCHITECTURE.md, README.md and the source comments name files and folders that exist: a
 * moved file fails here, not in a reader's hands.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The comments of a TypeScript file (block and line comments), where a path is prose, not an import. */
function commentsOf(source: string): string {
  return [...source.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((match) => match[0]).join('\n');
}

describe('paths named in the docs', () => {
  it('reads paths in code spans, links and patterns', () => {
    expect(namedPaths('see `src/risk/engine.ts`, [x](../src/sign-in/) and src/risk/detections/<name>.ts, `src/oidc/checks/*`.'))
      .toEqual(['src/oidc/checks', 'src/risk/detections', 'src/risk/engine.ts', 'src/sign-in']);
  });

  it('reads only the comments of a source file', () => {
    expect(namedPaths(commentsOf("import x from 'src/a.ts';\n/** see src/b.ts */\nconst y = 'src/c.ts'; // and src/d/\n"))).toEqual(['src/b.ts', 'src/d']);
  });

  it('every src/ path named in a source comment exists', () => {
    const files = readdirSync(resolve(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const missing = files.flatMap((file) => namedPaths(commentsOf(readFileSync(resolve(ROOT, 'src', file), 'utf8')))
      .filter((path) => !existsSync(resolve(ROOT, path))).map((path) => `src/${file}: ${path}`));
    expect(missing).toEqual([]);
  });

  for (const file of ['docs/ARCHITECTURE.md', 'README.md']) {
    it(`every src/ path in ${file} exists`, () => {
      const paths = namedPaths(readFileSync(resolve(ROOT, file), 'utf8'));
      expect(paths.length).toBeGreaterThan(5);
      expect(paths.filter((path) => !existsSync(resolve(ROOT, path)))).toEqual([]);
    });
  }
});
