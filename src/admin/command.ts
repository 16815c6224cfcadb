/** What every admin command receives, and the shape of the command table. */
import type { Clock } from '../clock.ts';
import type { Settings } from '../config/env.ts';
import type { ParsedArgs } from './args.ts';
import type { Output } from './output.ts';
import type { AuditActor } from '../audit/record-audit.ts';

export interface CommandContext {
  args: ParsedArgs;
  out: Output;
  clock: Clock;
  settings: Settings;
  /** Who is acting, for audit trails: `cli:<os user>`. */
  actor: string;
  /** Who acts and from where, for the audit trail (ADMIN_ACTOR or the OS user, `cli@<host>`). */
  auditActor: AuditActor;
  readStdin(): Promise<string>;
}

export interface Command {
  usage: string;
  summary: string;
  values?: string[];
  booleans?: string[];
  /** false for commands that never touch the live database (e.g. risk replay). */
  needsDatabase?: boolean;
  run(ctx: CommandContext): Promise<void>;
}

export type CommandGroup = Record<string, Command>;
