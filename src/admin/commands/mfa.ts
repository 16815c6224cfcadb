/** `mfa …`: a user's registration status (passkeys included), reset (removes every method and passkey), extend the grace period. */
import { User } from '../../users/user.ts';
import { allMethodsOf } from '../../mfa/authenticator-store.ts';
import { registrationDecision } from '../../policy/mfa-registration-decision.ts';
import { storedPolicies } from '../../policy/store.ts';
import { remainingRecoveryCodes } from '../../mfa/recovery-codes/remaining.ts';
import { passkeysOf } from '../../mfa/passkeys/store.ts';
import { registeredMethods } from '../../mfa/registered-methods.ts';
import { hasMethodOfStrength } from '../../mfa/strength.ts';
import { positiveIntegerFlag, requirePositional } from '../args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandGroup } from '../command.ts';
import { requireUser } from './users.ts';
import { auditAction, cliActionBy, onUser } from '../audit-action.ts';
import { resetMfa } from '../actions/reset-mfa.ts';
import { securityInfoRows } from '../../security-info/rows.ts';
import type { SecurityInfoRow } from '../../mfa/security-info-row.ts';

/** A method's line in `mfa status`: as security info shows it (its label and detail), with its dates. */
function statusLine(row: SecurityInfoRow): string {
  return `${row.label}${row.detail ? ` (${row.detail})` : ''}: added ${row.createdAt.toISOString()}, last used ${row.lastUsedAt?.toISOString() ?? 'never'}`;
}

export const mfaCommands: CommandGroup = {
  status: {
    usage: 'mfa status <username>',
    summary: 'registered methods and where the user stands with the registration policy',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const methods = await allMethodsOf(user._id.toString());
      const passkeys = await passkeysOf(user._id.toString());
      const registrations = await registeredMethods(user._id.toString());
      const policies = await storedPolicies();
      // Registered: a method of the policy's strength (the registry answers; a passkey counts, under phishingResistant only it).
      const registered = await hasMethodOfStrength(user._id.toString(), policies.mfaRegistration.strength);
      const decision = registrationDecision(policies.mfaRegistration, user, registered, ctx.clock.now());
      const status = {
        username: user.username,
        methods: methods.map((m) => ({
          type: m.type,
          createdAt: m.createdAt,
          lastUsedAt: m.lastUsedAt ?? null,
          ...(m.type === 'recovery' ? { remaining: remainingRecoveryCodes(m) } : {}),
          ...(m.type === 'email' ? { address: m.address } : {}),
          locked: m.permanentlyLocked || Boolean(m.lockedUntil && m.lockedUntil > ctx.clock.now()),
        })),
        passkeys: passkeys.map((p) => ({ name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt ?? null, deviceType: p.deviceType, backedUp: p.backedUp, transports: p.transports })),
        // Every registry method's, a method added later included (`methods` and `passkeys` keep their stores' details).
        registrations,
        registration: decision,
        registrationStartedAt: user.mfaRegistrationStartedAt ?? null,
        graceExtensionDays: user.mfaGraceExtensionDays,
      };
      // Every registry method's registrations, as each method shows them in security info.
      const rows = await securityInfoRows(user._id.toString());
      const lines = [
        `user: ${user.username}`,
        ...(rows.length ? rows.map((row) => `method: ${statusLine(row)}`) : ['methods: none']),
        `registration policy: ${decision.kind}${decision.kind === 'interrupt' ? ` (${decision.daysLeft} days left)` : ''}`,
      ];
      ctx.out.result(status, lines.join('\n'));
    },
  },
  reset: {
    usage: 'mfa reset <username>',
    summary: 'remove every MFA method, passkeys too (the user registers again at next sign-in)',
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const { removed } = await resetMfa(user, cliActionBy(ctx));
      ctx.out.result({ username: user.username, removed }, `removed ${removed} MFA methods of ${user.username}`);
    },
  },
  'extend-grace': {
    usage: 'mfa extend-grace <username> --days N',
    summary: 'give a user N more days to register MFA',
    values: ['days'],
    async run(ctx) {
      const user = await requireUser(requirePositional(ctx.args, 0, 'username'));
      const days = positiveIntegerFlag(ctx.args, 'days');
      if (days === undefined) throw new CliError('--days N is required');
      const updated = await User.findOneAndUpdate({ _id: user._id }, { $inc: { mfaGraceExtensionDays: days } }, { returnDocument: 'after' }).lean();
      await auditAction(ctx, { action: 'mfa.extend-grace', ...onUser(user), before: { graceExtensionDays: user.mfaGraceExtensionDays }, after: { graceExtensionDays: updated?.mfaGraceExtensionDays ?? null } });
      ctx.out.result({ username: user.username, graceExtensionDays: updated?.mfaGraceExtensionDays ?? days }, `${user.username} has ${days} more days to register MFA`);
    },
  },
};
