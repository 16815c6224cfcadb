/** `group …`: add a user to a group, remove them, list groups. */
import { isDuplicateKeyError } from '../../db/duplicate-key.ts';
import { Group, type GroupRecord } from '../../users/group.ts';
import { User } from '../../users/user.ts';
import { requirePositional } from '../args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandGroup } from '../command.ts';
import { requireUser } from './users.ts';
import { auditAction, onUser } from '../audit-action.ts';

const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

export const groupCommands: CommandGroup = {
  add: {
    usage: 'group add <group> <username>',
    summary: 'add a user to a group (the group is created if new)',
    async run(ctx) {
      const group = requirePositional(ctx.args, 0, 'group name');
      if (!GROUP_NAME.test(group)) throw new CliError('group name must be 1-64 characters: letters, digits, space, ".", "-", "_"');
      const user = await requireUser(requirePositional(ctx.args, 1, 'username'));
      if (!await Group.exists({ name: group })) await Group.create({ name: group }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
      await User.updateOne({ _id: user._id }, { $addToSet: { groups: group } });
      if (!user.groups.includes(group)) await auditAction(ctx, { action: 'group.add', ...onUser(user), before: { groups: user.groups }, after: { groups: [...user.groups, group] } });
      ctx.out.result({ group, username: user.username, member: true }, `${user.username} is now in ${group}`);
    },
  },
  remove: {
    usage: 'group remove <group> <username>',
    summary: 'remove a user from a group',
    async run(ctx) {
      const group = requirePositional(ctx.args, 0, 'group name');
      const user = await requireUser(requirePositional(ctx.args, 1, 'username'));
      if (!user.groups.includes(group)) throw new CliError(`${user.username} is not in ${group}`);
      await User.updateOne({ _id: user._id }, { $pull: { groups: group } });
      await auditAction(ctx, { action: 'group.remove', ...onUser(user), before: { groups: user.groups }, after: { groups: user.groups.filter((g) => g !== group) } });
      ctx.out.result({ group, username: user.username, member: false }, `${user.username} removed from ${group}`);
    },
  },
  list: {
    usage: 'group list',
    summary: 'list groups',
    async run(ctx) {
      const groups = await Group.find({}).sort({ name: 1 }).lean<GroupRecord[]>();
      const rows = await Promise.all(groups.map(async (g) => ({ name: g.name, members: await User.countDocuments({ groups: g.name }) })));
      ctx.out.table(rows, ['name', 'members']);
    },
  },
};
