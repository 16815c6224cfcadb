/** `policy …`: validate and apply policies.yaml as a new version, show the active one, list history. */
import { stringify } from 'yaml';
import { PolicyVersion, type PolicyChange, type PolicyVersionRecord } from '../../policy/policy-version.ts';
import { applyPolicies, latestPolicyVersion, loadPoliciesFile, policiesFile } from '../../policy/store.ts';
import { stringFlag } from '../args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandGroup } from '../command.ts';

function describeChange(change: PolicyChange): string {
  return `  ${change.path}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}${change.weakens ? '   (weakens protection)' : ''}`;
}

function weakenedIn(changes: ReadonlyArray<PolicyChange>): string[] {
  return changes.filter((change) => change.weakens).map((change) => change.path);
}

export const policyCommands: CommandGroup = {
  apply: {
    usage: 'policy apply [--file F] [--dry-run] [--allow-weaker]',
    summary: 'validate policies.yaml and store it as the new active version',
    values: ['file'],
    booleans: ['dry-run', 'allow-weaker'],
    async run(ctx) {
      const file = stringFlag(ctx.args, 'file') ?? policiesFile(ctx.settings.configDir);
      const policies = loadPoliciesFile(file);
      const dryRun = ctx.args.flags.has('dry-run');
      const allowWeaker = ctx.args.flags.has('allow-weaker');
      const result = await applyPolicies(policies, { appliedBy: ctx.actor, source: file, clock: ctx.clock, dryRun, allowWeaker, auditActor: ctx.auditActor });
      if (result.status === 'UNCHANGED') {
        ctx.out.result({ status: 'unchanged', version: result.version }, `no changes: version ${result.version} is already active`);
        return;
      }
      if (result.status === 'WEAKER') {
        throw new CliError(`refused: this change weakens protection at ${result.weakened.join(', ')}; review it with --dry-run, then apply it with --allow-weaker`);
      }
      const weakened = weakenedIn(result.changes);
      const note = dryRun && weakened.length && !allowWeaker ? [`applying it needs --allow-weaker: it weakens protection at ${weakened.join(', ')}`] : [];
      const verb = dryRun ? 'would apply' : 'applied';
      ctx.out.result({ status: dryRun ? 'dry-run' : 'applied', version: result.version, changes: result.changes, weakens: weakened },
        [`${verb} policy version ${result.version}:`, ...result.changes.map(describeChange), ...note].join('\n'));
    },
  },
  show: {
    usage: 'policy show [--version N]',
    summary: 'print the active policies (or an earlier version)',
    values: ['version'],
    async run(ctx) {
      const wanted = stringFlag(ctx.args, 'version');
      if (wanted !== undefined && !/^\d+$/.test(wanted)) throw new CliError('--version must be a number');
      const record = wanted ? await PolicyVersion.findOne({ version: Number(wanted) }).lean<PolicyVersionRecord>() : await latestPolicyVersion();
      if (!record) throw new CliError(wanted ? `no policy version ${wanted}` : 'no policies applied yet (start Vigil or run policy apply)');
      ctx.out.result({ version: record.version, appliedBy: record.appliedBy, appliedAt: record.appliedAt, policies: record.policies },
        `# version ${record.version}, applied by ${record.appliedBy} at ${record.appliedAt.toISOString()}\n${stringify(record.policies)}`);
    },
  },
  history: {
    usage: 'policy history',
    summary: 'list policy versions with who applied them and what changed ((weaker): applied with --allow-weaker)',
    async run(ctx) {
      const versions = await PolicyVersion.find({}).sort({ version: -1 }).limit(50).lean<PolicyVersionRecord[]>();
      ctx.out.table(versions.map((v) => ({ version: v.version, appliedAt: v.appliedAt, appliedBy: v.appliedBy, changes: v.changes.map((c) => (c.weakens ? `${c.path}(weaker)` : c.path)).join(' ') })),
        ['version', 'appliedAt', 'appliedBy', 'changes']);
    },
  },
};
