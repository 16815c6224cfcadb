/** Runs the real admin CLI in a child process (Node 24) against a test database. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/app.ts';

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
