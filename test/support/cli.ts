/** Runs the real admin CLI in a child process (Node 24) against a test database. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/app.ts';
import { parseArgs } from '../../src/admin/args.ts';
import type { Command } from '../../src/admin/command.ts';
import { createOutput } from '../../src/admin/output.ts';
import type { TestApp } from './app.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { databaseUri: string; configDir?: string; stdin?: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'src', 'admin', 'cli.ts'), ...args], {
      env: { ...process.env, MONGODB_URI: options.databaseUri, ...(options.configDir ? { CONFIG_DIR: options.configDir } : {}), LOG_LEVEL: 'silent', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Runs one admin command in this process, against the test app's database and MFA registry (a
 * method defined in a test is not in the child process's): what it printed, as text or --json.
 */
export async function runCommandHere(command: Command, vigil: Pick<TestApp, 'clock' | 'settings'>, argv: string[], json = false): Promise<string> {
  let printed = '';
  await command.run({
    args: parseArgs(argv, { values: command.values, booleans: command.booleans }),
    out: createOutput(json, false, (text) => { printed += text; }),
    clock: vigil.clock, settings: vigil.settings, actor: 'cli:test', auditActor: { actor: 'test', from: 'cli@test' },
    readStdin: () => Promise.resolve(''),
  });
  return printed;
}
