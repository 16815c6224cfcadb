/**
 * `npm run admin -- <group> <command> [args] [--json]`: the admin CLI. Works on the same database
 * as `npm start` (MONGODB_URI, or the embedded local database). Exit codes: 0 success, 2 bad
 * input (one line on stderr), 1 anything else.
 */
import { hostname, userInfo } from 'node:os';
import mongoose from 'mongoose';
import { systemClock } from '../clock.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadSettings } from '../config/env.ts';
import { connectDatabase } from '../db/connect.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded-ferretdb.ts';
import { createLogger } from '../log.ts';
import { runDataMigrations } from '../data-migrations.ts';
import { parseArgs } from './args.ts';
import { printable } from './printable.ts';
import { CliError } from './cli-error.ts';
import type { CommandGroup } from './command.ts';
import { groupCommands } from './commands/groups.ts';
import { mfaCommands } from './commands/mfa.ts';
import { riskCommands } from './commands/risk.ts';
import { policyCommands } from './commands/policies.ts';
import { userCommands } from './commands/users.ts';
import { auditCommands } from './commands/audit.ts';
import { listCommands } from './commands/lists.ts';
import type { AuditActor } from '../audit/record-audit.ts';
import { createOutput } from './output.ts';

const groups: Record<string, CommandGroup> = {
  user: userCommands,
  group: groupCommands,
  policy: policyCommands,
  mfa: mfaCommands,
  risk: riskCommands,
  audit: auditCommands,
  lists: listCommands,
};

/** The admin named by ADMIN_ACTOR (e.g. set by a wrapper that knows the person), else the OS user. */
function cliActor(env: NodeJS.ProcessEnv): AuditActor {
  const named = printable((env.ADMIN_ACTOR ?? '').trim()).slice(0, 128);
  return { actor: named || userInfo().username, from: `cli@${hostname()}` };
}

function help(): string {
  const lines = ['usage: npm run admin -- <command> [options] [--json]', ''];
  for (const group of Object.values(groups)) {
    for (const command of Object.values(group)) lines.push(`  ${command.usage.padEnd(72)} ${command.summary}`);
  }
  return lines.join('\n');
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('pipe the password on standard input');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isValidationError(error: unknown): boolean {
  return error instanceof mongoose.Error.ValidationError || error instanceof mongoose.Error.CastError;
}

export async function main(argv: string[]): Promise<number> {
  const [groupName, ...afterGroup] = argv;
  // A group with a default command (`audit [--since …]`) takes options right after its name.
  const useDefault = groups[groupName ?? '']?.[''] !== undefined && (afterGroup[0] === undefined || afterGroup[0].startsWith('--'));
  const [commandName, ...rest] = useDefault ? ['', ...afterGroup] : afterGroup;
  if (!groupName || groupName === 'help' || groupName === '--help') {
    process.stdout.write(`${help()}\n`);
    return groupName ? 0 : 2;
  }
  const command = groups[groupName]?.[commandName ?? ''];
  if (!command) {
    process.stderr.write(`vigil admin: unknown command "${printable([groupName, commandName].filter(Boolean).join(' '))}" (see: npm run admin -- help)\n`);
    return 2;
  }
  let database: EmbeddedDatabase | undefined;
  try {
    const args = parseArgs(rest, { values: command.values, booleans: command.booleans });
    const settings = loadSettings();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    if (command.needsDatabase !== false) {
      let uri = settings.mongodbUri;
      if (!uri) {
        database = await startEmbeddedDatabase({ dataDir: settings.dataDir });
        uri = database.uri;
      }
      await connectDatabase(uri, logger);
      await mongoose.connection.syncIndexes().catch(() => undefined);
      await runDataMigrations(systemClock.now(), logger);
    }
    const auditActor = cliActor(process.env);
    await command.run({
      args,
      out: createOutput(args.flags.has('json'), args.flags.has('csv')),
      clock: systemClock,
      settings,
      actor: `cli:${auditActor.actor}`,
      auditActor,
      readStdin,
    });
    return 0;
  } catch (error) {
    // Our own reasons are one line; whatever they quote (arguments, file contents) is escaped.
    if (error instanceof CliError || error instanceof ConfigError || isValidationError(error)) {
      process.stderr.write(`vigil admin: ${printable((error as Error).message)}\n`);
      return 2;
    }
    process.stderr.write(`vigil admin: failed: ${printable((error as Error).message.split('\n')[0] ?? '')}\n`);
    return 1;
  } finally {
    mongoose.connection.removeAllListeners('disconnected');
    await mongoose.disconnect().catch(() => undefined);
    await database?.stop();
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
