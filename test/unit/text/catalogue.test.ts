/**
 * The catalogue merges each feature's texts.ts: an id defined by two features would silently take
 * the last one's words, and a feature file the catalogue forgot would leave its ids unknown, so
 * every id must come from exactly one place and every texts.ts must be merged.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src/text/catalogue.ts';

const SRC = resolve(import.meta.dirname, '../../../src');

function textsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return textsFiles(path);
    return entry.name === 'texts.ts' ? [path] : [];
  });
}

describe('the text catalogue', () => {
  it('takes every feature id from one place only, and every feature texts.ts is merged', async () => {
    const files = textsFiles(SRC);
    expect(files.length).toBeGreaterThan(5);
    const featureIds: string[] = [];
    for (const file of files) {
      const module = await import(pathToFileURL(file).href) as Record<string, Record<string, string>>;
      const exported = Object.values(module);
      expect(exported, relative(SRC, file)).toHaveLength(1);
      featureIds.push(...Object.keys(exported[0] ?? {}));
    }
    expect(featureIds.filter((id, index) => featureIds.indexOf(id) !== index)).toEqual([]);
    expect(featureIds.filter((id) => !(id in catalogue))).toEqual([]);
    const shared = Object.keys(catalogue).filter((id) => !featureIds.includes(id));
    expect(shared.filter((id) => !/^(app|common|home|error)\./.test(id))).toEqual([]);
  });
});
