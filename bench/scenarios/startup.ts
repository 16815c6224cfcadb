/**
 * Time from start to ready: spawn of `node src/main.ts` to the first 200 from /readyz, on an
 * empty database (signing keys generated, policies stored) and on a restart; and the idle RSS
 * right after the restart, for comparison with the RSS under sessions.
 */
import type { Scenario } from './scenario.ts';

export const startup: Scenario = {
  id: 'startup',
  title: 'Start to ready',
  async run(context) {
    return [
      { id: 'startup.coldMs', scenario: 'Start-up', label: 'start → ready, empty database', status: 'measured', value: context.startup.coldMs, unit: 'ms' },
      { id: 'startup.warmMs', scenario: 'Start-up', label: 'start → ready, restart', status: 'measured', value: context.startup.warmMs, unit: 'ms' },
      { id: 'startup.idleRssMb', scenario: 'Start-up', label: 'Vigil resident memory (RSS) when ready, idle', status: 'measured', value: context.startup.idleRssMb, unit: 'MB' },
    ];
  },
};
