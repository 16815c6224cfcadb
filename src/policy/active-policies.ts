/**
 * The policies every request sees. Each instance polls the newest version (FerretDB has no change
 * streams), so `policy apply` reaches every running instance within one poll interval without a
 * restart. A failed poll keeps the policies it has.
 */
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { applyPolicies, latestPolicyVersion, loadPoliciesFile } from './store.ts';
import { diffValues } from './diff.ts';
import { DEFAULT_POLICIES, policiesSchema, type Policies } from './schema.ts';

export class ActivePolicies {
  #policies: Policies = DEFAULT_POLICIES;
  #version = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get current(): Policies {
    return this.#policies;
  }

  get version(): number {
    return this.#version;
  }

  /**
   * At boot: use the stored version; on an empty database store the file as version 1, so a
   * fresh install runs the policies it ships with.
   */
  async initialise(file: string, clock: Clock): Promise<void> {
    const latest = await latestPolicyVersion();
    if (!latest) {
      const policies = loadPoliciesFile(file);
      await applyPolicies(policies, { appliedBy: 'system:first-boot', source: file, clock });
      this.#logger.info({ file }, 'stored policies.yaml as policy version 1');
    } else {
      try {
        if (diffValues(latest.policies, loadPoliciesFile(file)).length) {
          this.#logger.warn({ file, active: latest.version }, 'policies.yaml differs from the active policies; run `npm run admin -- policy apply` to apply it');
        }
      } catch (error) {
        this.#logger.warn({ err: (error as Error).message }, 'policies.yaml is invalid; the stored policies stay active');
      }
    }
    await this.refresh();
  }

  async refresh(): Promise<boolean> {
    const latest = await latestPolicyVersion();
    if (!latest || latest.version === this.#version) return false;
    const parsed = policiesSchema.safeParse(latest.policies);
    if (!parsed.success) {
      this.#logger.error({ version: latest.version }, 'stored policy version does not validate; keeping the current policies');
      return false;
    }
    this.#policies = parsed.data;
    this.#version = latest.version;
    this.#logger.info({ version: latest.version }, 'policies loaded');
    return true;
  }

  startPolling(intervalMs: number): void {
    this.stopPolling();
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#logger.warn({ err: (error as Error).message }, 'policy poll failed; keeping the current policies'));
    }, intervalMs);
    this.#timer.unref();
  }

  stopPolling(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
