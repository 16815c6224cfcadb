/**
 * argon2id hashes per second this machine does with Vigil's parameters (PASSWORD_HASH_PARAMS),
 * in this run: the ceiling for password sign-ins. Measured in a process of its own while Vigil
 * is idle (bench/support/hash-rate-process.ts), with enough concurrent verifications to keep
 * every core busy (libuv's thread pool runs them, as it does in Vigil), and with the runtime
 * settings Vigil runs with: a hash costs what it costs inside Vigil, so the sign-in's
 * non-hashing share counts only what is not hashing. A second run with Node's and glibc's
 * defaults shows what those settings cost the hash.
 */
import { spawn } from 'node:child_process';
import { PASSWORD_HASH_PARAMS } from '../../src/password/password-hash.ts';
import { onCleanup } from '../support/cleanup.ts';
import { REPO_ROOT } from '../support/config-dir.ts';
import type { HashRate } from '../support/hash-rate-process.ts';
import { imageRuntimeEnv } from '../support/image-runtime.ts';
import type { Measurement } from './measurement.ts';
import type { BenchContext, Scenario } from './scenario.ts';

export const ARGON2_RATE_ID = 'argon2.hashesPerSecond';

function measureHashRate(env: NodeJS.ProcessEnv, seconds: number, concurrency: number): Promise<HashRate> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bench/support/hash-rate-process.ts', String(seconds), String(concurrency)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onCleanup(`stop the hash-rate process (pid ${child.pid ?? '?'})`, () => { child.kill('SIGKILL'); }, () => { child.kill('SIGKILL'); });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) {
        fail(new Error(`the hash-rate process exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`));
        return;
      }
      done(JSON.parse(out.trim()) as HashRate);
    });
  });
}

function line(context: BenchContext, id: string, label: string, rate: HashRate, concurrency: number, how: string): Measurement {
  return {
    id,
    scenario: 'Password sign-in',
    label,
    status: 'measured',
    value: rate.perSecond,
    unit: '/s',
    perVcpu: rate.perSecond / context.vcpus,
    p50Ms: rate.p50Ms,
    p99Ms: rate.p99Ms,
    note: `${rate.completed} verifications, ${concurrency} at a time, in a process of their own ${how}`,
    cpuMsPerOp: { hasher: rate.cpuMsPerHash },
  };
}

export const argon2Hashes: Scenario = {
  id: 'argon2',
  title: 'argon2id hashing (same parameters)',
  async run(context: BenchContext): Promise<Measurement[]> {
    const concurrency = Math.max(4, context.vcpus * 2);
    const seconds = context.options.budget.argon2Seconds;
    const { memoryCost, timeCost, parallelism } = PASSWORD_HASH_PARAMS;
    const params = `m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}`;
    const runtime = imageRuntimeEnv();
    const defaults: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(runtime)) delete defaults[name];
    if (context.options.runtimeDefaults) {
      const rate = await measureHashRate(defaults, seconds, concurrency);
      return [line(context, ARGON2_RATE_ID, `argon2id hashes (${params}), Node's and glibc's defaults as Vigil runs here`, rate, concurrency, 'with the defaults')];
    }
    const image = await measureHashRate({ ...defaults, ...runtime }, seconds, concurrency);
    const lines = [line(context, ARGON2_RATE_ID, `argon2id hashes (${params}), with Vigil's runtime settings`, image, concurrency, "with the Docker image's runtime settings, as Vigil runs")];
    // What the runtime settings cost the hash: full runs only (quick mode has a minute).
    if (!context.options.quick) {
      const plain = await measureHashRate(defaults, seconds, concurrency);
      lines.push(line(context, 'argon2.defaultRuntime.hashesPerSecond', `argon2id hashes (${params}), Node's and glibc's defaults`, plain, concurrency, "with Node's and glibc's defaults"));
    }
    return lines;
  },
};
