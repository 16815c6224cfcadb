/** `user …`: create, list, show, disable, enable, set-password, require-password-change. */
import { hashPassword } from '../../password/password-hash.ts';
import { normalizePassword } from '../../password/password-normalize.ts';
import { User, type UserRecord } from '../../users/user.ts';
import { revokeAllForAccount } from '../../oidc/adapter.ts';
import { PHONE_VERIFIED_FLAG, PROFILE_FIELDS, profileUpdate } from '../../oidc/standard-claims.ts';
import { createUser } from '../../users/create-user.ts';
import { findUserByLogin, findUserByUsername } from '../../users/lookup.ts';
import { checkPasswordForUser } from '../../password/password-rules-service.ts';
import { isValidDisplayName, isValidEmail, isValidUsername } from '../../users/username.ts';
import { listFlag, requirePositional, stringFlag } from '../args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, CommandGroup } from '../command.ts';
import { auditAction, cliActionBy, onUser } from '../audit-action.ts';
import { disableUser, enableUser, requirePasswordChange } from '../actions/user-access.ts';

export async function requireUser(username: string): Promise<UserRecord> {
  const user = await findUserByUsername(username);
  if (!user) throw new CliError(`no user named "${username}"`);
  return user;
}

export function userSummary(user: UserRecord): Record<string, unknown> {
  return {
    username: user.username,
    email: user.email ?? null,
    displayName: user.displayName ?? null,
    groups: user.groups,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt ?? null,
  };
}

/** The named (dotted) paths of a profile, as they are: the fields a change touched. */
function pick(profile: object, paths: string[]): Record<string, unknown> {
  const valueAt = (path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), profile);
  // Stored keys never hold dots (not every database accepts them): `address.locality` is kept as `address/locality`.
  return Object.fromEntries(paths.map((path) => [path.replaceAll('.', '/'), valueAt(path) ?? null]));
}

async function readNewPassword(ctx: CommandContext, user: { username: string; email?: string; passwordHash?: string }): Promise<string> {
  const raw = (await ctx.readStdin()).replace(/\r?\n$/, '');
  if (!raw) throw new CliError('no password on standard input (pipe it in: echo "…" | npm run admin -- …)');
  const password = normalizePassword(raw);
  const check = await checkPasswordForUser(password, user, { configDir: ctx.settings.configDir, serviceName: 'vigil', onlyFactor: true });
  if (!check.ok) throw new CliError(`password refused: ${check.message}`);
  return password;
}

export const userCommands: CommandGroup = {
  create: {
    usage: 'user create <username> [--email E] [--name N] [--groups a,b]  (password on stdin)',
    summary: 'create a user',
    values: ['email', 'name', 'groups'],
    async run(ctx) {
      const username = requirePositional(ctx.args, 0, 'username').toLowerCase();
      if (!isValidUsername(username)) throw new CliError('username must be 1-64 characters: a-z, 0-9, ".", "-", "_", starting with a letter or digit');
      const email = stringFlag(ctx.args, 'email')?.toLowerCase();
      if (email !== undefined && !isValidEmail(email)) throw new CliError(`"${email}" is not an e-mail address`);
      const displayName = stringFlag(ctx.args, 'name');
      if (displayName !== undefined && !isValidDisplayName(displayName)) throw new CliError('--name must be 1-128 characters of text, without control characters');
      if (await findUserByUsername(username)) throw new CliError(`user "${username}" already exists`);
      if (email && await findUserByLogin(email)) throw new CliError(`another user has the e-mail ${email}`);
      const password = await readNewPassword(ctx, { username, email });
      const created = await createUser({
        username,
        email,
        displayName,
        passwordHash: await hashPassword(password),
        passwordChangedAt: ctx.clock.now(),
        groups: listFlag(ctx.args, 'groups'),
      }, ctx.clock.now());
      if (created.status === 'USERNAME_TAKEN') throw new CliError(`user "${username}" already exists`);
      if (created.status === 'EMAIL_TAKEN') throw new CliError(`another user has the e-mail ${email ?? ''}`);
      const { user } = created;
      await auditAction(ctx, { action: 'user.create', ...onUser(user), after: { username, email, displayName, groups: user.groups, disabled: user.disabled } });
      ctx.out.result(userSummary(user), `created user ${username}`);
    },
  },
  list: {
    usage: 'user list [--group G]',
    summary: 'list users',
    values: ['group'],
    async run(ctx) {
      const group = stringFlag(ctx.args, 'group');
      const users = await User.find(group ? { groups: group } : {}).sort({ username: 1 }).lean<UserRecord[]>();
      ctx.out.table(users.map(userSummary), ['username', 'email', 'groups', 'disabled', 'lastSignInAt']);
    },
  },
  show: {
    usage: 'user show <username>',
    summary: 'show one user',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const summary = userSummary(user);
      ctx.out.result(summary, Object.entries(summary).map(([k, v]) => `${k}: ${v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n'));
    },
  },
  disable: {
    usage: 'user disable <username>',
    summary: 'disable a user and end their sessions and tokens',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const { revoked } = await disableUser(user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, disabled: true, revoked }, `disabled ${user.username} (${revoked} sessions/tokens ended)`);
    },
  },
  enable: {
    usage: 'user enable <username>',
    summary: 'enable a disabled user',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      await enableUser(user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, disabled: false }, `enabled ${user.username}`);
    },
  },
  'require-password-change': {
    usage: 'user require-password-change <username>',
    summary: 'the user must choose a new password at their next sign-in',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      await requirePasswordChange(user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, mustChangePassword: true }, `${user.username} must change their password at the next sign-in`);
    },
  },
  'set-password': {
    usage: 'user set-password <username> [--require-change]  (password on stdin)',
    summary: 'set a new password; ends the user\'s sessions and refresh tokens',
    booleans: ['require-change'],
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const password = await readNewPassword(ctx, user);
      const changed = { passwordChangedAt: ctx.clock.now(), mustChangePassword: ctx.args.flags.has('require-change') };
      await User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password), ...changed } });
      const revoked = await revokeAllForAccount(user._id.toString());
      await auditAction(ctx, { action: 'user.set-password', ...onUser(user),
        before: { passwordChangedAt: user.passwordChangedAt, mustChangePassword: user.mustChangePassword }, after: { ...changed, sessionsEnded: revoked } });
      ctx.out.result({ username: user.username, passwordChanged: true, revoked }, `password set for ${user.username} (${revoked} sessions/tokens ended)`);
    },
  },
  'set-profile': {
    usage: 'user set-profile <username> [--given-name V] [--family-name V] [--middle-name V] [--nickname V] [--profile URL] [--picture URL] [--website URL] [--gender V] [--birthdate YYYY-MM-DD|YYYY] [--zoneinfo Area/City] [--locale en-US] [--phone-number +E164] [--phone-number-verified yes|no] [--street-address V] [--locality V] [--region V] [--postal-code V] [--country V] [--address-formatted V]  (an empty value removes the claim)',
    summary: 'set the user\'s standard OIDC profile, phone and address claims',
    values: [...PROFILE_FIELDS.map((field) => field.flag), PHONE_VERIFIED_FLAG],
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const values = new Map([...ctx.args.flags].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const update = profileUpdate(values);
      if (!update.ok) throw new CliError(update.message);
      const $set = Object.fromEntries(Object.entries(update.set).map(([path, value]) => [`profile.${path}`, value]));
      const $unset = Object.fromEntries(update.unset.map((path) => [`profile.${path}`, 1]));
      await User.updateOne({ _id: user._id }, { ...(Object.keys($set).length ? { $set } : {}), ...(update.unset.length ? { $unset } : {}) });
      const profile = (await User.findById(user._id).lean<UserRecord>())?.profile ?? {};
      const changedPaths = [...Object.keys(update.set), ...update.unset];
      await auditAction(ctx, { action: 'user.set-profile', ...onUser(user),
        before: pick(user.profile ?? {}, changedPaths), after: pick(profile, changedPaths) });
      ctx.out.result({ username: user.username, profile }, `profile of ${user.username}: ${JSON.stringify(profile)}`);
    },
  },
};
