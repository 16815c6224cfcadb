/**
 * Runs Vigil's admin CLI (`node src/admin/cli.ts …`) against the bench database and config
 * folder, the way an operator would; a non-zero exit is an error with the CLI's own words.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './config-dir.ts';

export interface AdminTarget {
  databaseUri: string;
  configDir: string;
}

export async function runAdminCli(target: AdminTarget, args: string[], stdin = ''): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, MONGODB_URI: target.databaseUri, CONFIG_DIR: target.configDir, LOG_LEVEL: 'warn' };
  delete env.NODE_ENV;
  const child = spawn(process.execPath, ['src/admin/cli.ts', ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stdin.end(stdin);
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timeout);
  if (code !== 0) throw new Error(`admin CLI "${args.slice(0, 2).join(' ')}" exited with ${code}: ${output.trim()}`);
  return output;
}
