/**
 * `lists rebuild`: files sign-ins and detections recorded before the admin console's streams
 * existed into them (src/risk/streams/rebuild.ts), safe while Vigil runs; README.md, "Admin console".
 */
import { BackfillConflict } from '../../db/streams/backfill.ts';
import { rebuildListStreams } from '../../risk/streams/rebuild.ts';
import { CliError } from '../cli-error.ts';
import type { CommandGroup } from '../command.ts';

export const listCommands: CommandGroup = {
  rebuild: {
    usage: 'lists rebuild',
    summary: 'file older sign-ins and detections into the admin console\'s lists (once, after an upgrade or a restore)',
    async run(ctx) {
      if (ctx.args.positional.length) throw new CliError(`lists rebuild takes no arguments (got ${ctx.args.positional[0] ?? ''})`);
      try {
        const filed = await rebuildListStreams();
        ctx.out.result(filed, `filed ${filed.signIns} sign-ins and ${filed.detections} detections`);
      } catch (error) {
        if (error instanceof BackfillConflict) throw new CliError(`${error.message}: wait for it to finish, then run lists rebuild again`);
        throw error;
      }
    },
  },
};
