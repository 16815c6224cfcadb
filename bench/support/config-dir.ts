/**
 * Vigil's CONFIG_DIR for the run, in a temporary folder: the bench clients, every policy off (so
 * the password scenario measures exactly password → code → token; the MFA and risk scenarios
 * will bring their own policies), and the shipped breached-password list.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientsYaml } from './bench-clients.ts';
import { removeDirOnCleanup } from './cleanup.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export const POLICIES_ALL_OFF = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

export function writeConfigDir(policiesYaml: string = POLICIES_ALL_OFF): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-config-'));
  removeDirOnCleanup(dir);
  writeFileSync(join(dir, 'clients.yaml'), clientsYaml());
  writeFileSync(join(dir, 'policies.yaml'), policiesYaml);
  copyFileSync(join(REPO_ROOT, 'config', 'breached-passwords.txt'), join(dir, 'breached-passwords.txt'));
  return dir;
}
