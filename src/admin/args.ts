/**
 * A small argv reader: positional words, `--flag value`, `--flag=value` and boolean flags.
 * Unknown flags are bad input, so a typo never silently changes what a command does.
 */
import { CliError } from './cli-error.ts';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], spec: { values?: string[]; booleans?: string[] }): ParsedArgs {
  const values = new Set([...(spec.values ?? [])]);
  const booleans = new Set(['json', 'csv', ...(spec.booleans ?? [])]);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleans.has(name)) {
      flags.set(name, true);
    } else if (values.has(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new CliError(`--${name} needs a value`);
      if (inline === undefined) i += 1;
      flags.set(name, value);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { positional, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  return (stringFlag(args, name) ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

export function positiveIntegerFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || Number(value) > 3650) throw new CliError(`--${name} must be a whole number between 1 and 3650`);
  return Number(value);
}

/** `--since 24h|7d|2026-11-01`: a duration back from now, or an ISO date. */
export function sinceFlag(args: ParsedArgs, now: Date): Date | undefined {
  const value = stringFlag(args, 'since');
  if (value === undefined) return undefined;
  const relative = /^(\d{1,4})([hd])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'h' ? 3_600_000 : 86_400_000));
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new CliError('--since takes an ISO date (2026-11-01) or a duration (24h, 7d)');
  return date;
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positional[index];
  if (!value) throw new CliError(`missing ${what}`);
  return value;
}
