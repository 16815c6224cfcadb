/**
 * `lists rebuild`: files sign-ins, detections and report-only decisions recorded before the admin console's streams
 * existed into them (src/risk/streams/rebuild.ts, src/policy/report-only-rebuild.ts), safe while Vigil runs; README.md, "Admin console".
 */
import { BackfillConflict } from '../../db/streams/backfill.ts';
import { rebuildReportOnlyStreams } from '../../policy/report-only-rebuild.ts';
import { rebuildListStreams } from '../../risk/streams/rebuild.ts';
import { CliError } from '../cli-error.ts';
import type { CommandGroup } from '../command.ts';

export const listCommands: CommandGroup = {
  rebuild: {
    usage: 'lists rebuild',
    summary: 'file older sign-ins, detections and report-only decisions into the admin console\'s lists and overview (once, after an upgrade or a restore)',
    async run(ctx) {
      if (ctx.args.positional.length) throw new CliError(`lists rebuild takes no arguments (got ${ctx.args.positional[0] ?? ''})`);
      try {
        const filed = { ...await rebuildListStreams(), reportOnly: await rebuildReportOnlyStreams() };
        ctx.out.result(filed, `filed ${filed.signIns} sign-ins, ${filed.detections} detections and ${filed.reportOnly} report-only decisions`);
      } catch (error) {
        if (error instanceof BackfillConflict) throw new CliError(`${error.message}: wait for it to finish, then run lists rebuild again`);
        throw error;
      }
    },
  },
};
