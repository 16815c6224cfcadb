/**
 * risk/ is a pure core (docs/ARCHITECTURE.md): its files import the clock, the logger, database
 * helpers, settings and metrics types, and never the layers that use the engine (notices/,
 * admin/, admin-console/, sign-in/, security-info/, password/, mfa/, http/, policy/, users/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../../src');
/** What the core may import outside risk/: the clock, the logger, database helpers, settings and metrics types. */
const ALLOWED = ['risk', 'db', 'config', 'metrics', 'clock.ts', 'log.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative specifier of a static import, a re-export or a dynamic import(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) found.push(match[1] ?? '');
  return found;
}

/** The imports of one file (path inside src/) that reach anything else in src/ (notices/, admin/, http/, users/ …). */
function forbiddenImports(file: string, source: string): string[] {
  return specifiers(source).filter((specifier) => {
    const top = relative(SRC, resolve(dirname(join(SRC, file)), specifier)).split('/')[0] ?? '';
    return !ALLOWED.includes(top);
  });
}

describe('the risk core', () => {
  it('finds a forbidden import of any form', () => {
    const source = [
      "import { x } from '../notices/report-token.ts';",
      "export type { Y } from '../admin/risk-reports.ts';",
      "const z = await import('../../http/throttle.ts');",
      "import '../policy/replay.ts';",
      "import { User } from '../users/user.ts';",
      "import { DAY } from '../clock.ts';",
      "import { claimOnce } from '../db/claim-once.ts';",
      "import { readProfile } from './profile-store.ts';",
    ].join('\n');
    expect(forbiddenImports('risk/a.ts', source)).toEqual(['../notices/report-token.ts', '../admin/risk-reports.ts', '../../http/throttle.ts', '../policy/replay.ts', '../users/user.ts']);
    expect(forbiddenImports('risk/detections/b.ts', source)).toEqual(['../../http/throttle.ts']);
  });

  it('imports nothing from the web, admin, sign-in, password, MFA, policy or users layers', () => {
    const files = sourceFiles(join(SRC, 'risk'));
    expect(files.length).toBeGreaterThan(20);
    const offending = files.flatMap((path) => forbiddenImports(relative(SRC, path), readFileSync(path, 'utf8')).map((specifier) => `${relative(SRC, path)} → ${specifier}`));
    expect(offending).toEqual([]);
  });
});
