/**
 * Reads a YAML config file and validates it against a zod schema. Every failure becomes a
 * ConfigError naming the file, the path inside it (e.g. `mfaRegistration.gracePeriodDays`)
 * and the reason; nothing half-parsed is ever returned.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.ts';

const MAX_ALIAS_COUNT = 100;

export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

export function parseYamlText<S extends z.ZodType>(text: string, schema: S, source: string): z.output<S> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new ConfigError(source, line ? `line ${line}` : '', yamlError.message.split('\n')[0] ?? 'invalid YAML');
  }
  let data: unknown;
  try {
    // Aliases are expanded here: a "billion laughs" file stops at yaml's maxAliasCount, an alias
    // to an anchor that is not set fails too; both are mistakes in the file, not crashes.
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(source, '', `invalid YAML: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new ConfigError(source, '', 'invalid');
    throw new ConfigError(source, formatIssuePath(issue.path), issue.message);
  }
  return result.data;
}

export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, '', code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`);
  }
  return parseYamlText(text, schema, file);
}
