/**
 * Hostile input to the admin CLI (issue 11, finding 12): a YAML alias bomb is a configuration
 * error (exit 2, one line), not a crash; control characters in arguments or in a file are refused
 * or printed escaped, so no error line can be cut short or rewrite the admin's terminal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/users/user.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { policiesYaml } from '../support/policies.ts';

const PASSWORD = 'orchid-glacier-tandem-97\n';
/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => {
    const previous = 'abcdefghi'[i] ?? 'a';
    return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`;
  }),
].join('\n');

let vigil: TestApp;
const cli = (args: string[]) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir, stdin: PASSWORD });

/** Exit 2 and exactly one line on stderr, with no raw control character in it. */
function expectOneCleanLine(result: CliResult, reason: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.endsWith('\n')).toBe(true);
  const line = result.stderr.slice(0, -1);
  expect(line).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e]/u);
  expect(line).toMatch(/^vigil admin: /);
  expect(line).toMatch(reason);
}

beforeAll(async () => {
  vigil = await startTestApp({ label: 'cliinput' });
});
afterAll(async () => vigil.close());

describe('policy files an attacker might hand an admin', () => {
  it('a billion-laughs alias bomb exits 2 with one line, and nothing is stored', async () => {
    const file = join(vigil.configDir, 'bomb.yaml');
    writeFileSync(file, `${BILLION_LAUGHS}\n`);
    const result = await cli(['policy', 'apply', '--file', file]);
    expectOneCleanLine(result, /bomb\.yaml: invalid YAML: Excessive alias count/);
    const shown = JSON.parse((await cli(['policy', 'show', '--json'])).stdout) as { version: number };
    expect(shown.version).toBe(1);
  });

  it('an alias to an anchor that is not set, and control characters in a key, exit 2 with one clean line', async () => {
    const dangling = join(vigil.configDir, 'dangling.yaml');
    writeFileSync(dangling, `${policiesYaml()}extra: *nowhere\n`);
    const key = join(vigil.configDir, 'key.yaml');
    writeFileSync(key, `${policiesYaml()}"evil\\rkey\\u001b[2J": 1\n`);
    const [danglingResult, keyResult] = await Promise.all([cli(['policy', 'apply', '--file', dangling]), cli(['policy', 'apply', '--file', key])]);
    expectOneCleanLine(danglingResult, /invalid YAML: Unresolved alias/);
    expectOneCleanLine(keyResult, /Unrecognized key: "evil\\rkey\\u001b\[2J"/);
  });
});

describe('arguments with control characters', () => {
  it('an e-mail address with a CR is refused, and the reason is one line with the CR escaped', async () => {
    const result = await cli(['user', 'create', 'mallory', '--email', 'a@b.c\rX']);
    expectOneCleanLine(result, /^vigil admin: "a@b\.c\\rx" is not an e-mail address$/);
    expect(await User.exists({ username: 'mallory' })).toBeNull();
  });

  const expectAllRefused = async (cases: Array<[string[], RegExp]>) => {
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, result] of results.entries()) expectOneCleanLine(result, cases[i]?.[1] ?? /never/);
  };

  it('an error quoting an argument escapes line feeds and ESC sequences (an ESC in an address is refused too)', async () => {
    await expectAllRefused([
      [['user', 'create', 'mallory', '--email', 'a@b.c\nvigil admin: created user root'], /"a@b\.c\\nvigil admin: created user root" is not an e-mail address/],
      [['user', 'create', 'mallory', '--email', 'a\u001b[2J@b.cc'], /"a\\u001b\[2j@b\.cc" is not an e-mail address/],
      [['user', 'show', 'root\u001b[2J\u001b[H'], /no user named "root\\u001b\[2J\\u001b\[H"/],
    ]);
  });

  it('an error quoting an option or a command escapes CRs and bidirectional overrides', async () => {
    await expectAllRefused([
      [['user', 'list', '--gr\roup'], /unknown option --gr\\roup/],
      [['us\u202eer', 'list'], /unknown command "us\\u202eer list"/],
      [['group', 'add', 'st\naff', 'root'], /group name must be/],
    ]);
  });

  it('a display name with control characters is refused', async () => {
    const result = await cli(['user', 'create', 'mallory', '--name', 'Mallory\r\u001b[31mAdmin']);
    expectOneCleanLine(result, /--name must be 1-128 characters of text, without control characters/);
    expect(await User.exists({ username: 'mallory' })).toBeNull();
  });
});
