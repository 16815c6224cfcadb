/**
 * The policies every request sees. Each instance polls the newest version (FerretDB has no change
 * streams), so `policy apply` reaches every running instance within one poll interval without a
 * restart. A failed poll keeps the policies it has.
 */
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { applyPolicies, latestPolicyVersion, loadPoliciesFile } from './store.ts';
import { diffValues } from './diff.ts';
import { POLICIES_OFF, policiesSchema, type Policies } from './schema.ts';

export class ActivePolicies {
  #policies: Policies = POLICIES_OFF;
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
   * fresh install runs the policies it ships with. A file that does not validate stops a first
   * boot (ConfigError); later, the stored version keeps running and the file's error is logged,
   * as `policy apply` would refuse it. No valid stored version at all stops the boot too: Vigil
   * never serves sign-ins with its protections silently off.
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
        this.#logger.error({ err: (error as Error).message, active: latest.version }, 'policies.yaml is invalid (policy apply would refuse it); the stored policies stay active');
      }
    }
    await this.refresh();
    if (this.#version === 0) throw new Error('the newest stored policy version does not validate; apply a complete policies.yaml with `npm run admin -- policy apply`');
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
