/**
 * What a report-only policy would have done, logged and kept 90 days (`report_only_events`) for
 * the admin to judge the policy before enforcing it. In the background: a slow or failing write
 * never slows or fails a sign-in.
 */
import { DAY, type Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { ReportOnlyEvent } from './report-only-event.ts';

export const REPORT_ONLY_RETENTION_MS = 90 * DAY;

export interface ReportOnlyDecision {
  policy: string;
  userId: string;
  wouldHave: string;
}

export function reportOnlyWriter(deps: { clock: Clock; logger: Logger }): (event: ReportOnlyDecision) => void {
  return (event) => {
    const at = deps.clock.now();
    deps.logger.info({ reportOnly: event }, 'report-only policy would have acted');
    ReportOnlyEvent.create({ ...event, at, expiresAt: new Date(at.getTime() + REPORT_ONLY_RETENTION_MS) })
      .catch((error: unknown) => deps.logger.warn({ err: (error as Error).message }, 'could not record a report-only decision'));
  };
}
