/**
 * What a report-only policy would have done, logged and kept 90 days (`report_only_events`) for
 * the admin to judge the policy before enforcing it, and appended to its policy's and decision's
 * stream for the overview's counts (report-only-streams.ts). In the background: a slow or
 * failing write never slows or fails a sign-in.
 */
import { DAY, type Clock } from '../clock.ts';
import { appendToStreams } from '../db/streams/append.ts';
import type { Logger } from '../log.ts';
import { ReportOnlyEvent } from './report-only-event.ts';
import { noteReportOnlyKind, reportOnlyStreamItem } from './report-only-streams.ts';

export const REPORT_ONLY_RETENTION_MS = 90 * DAY;

export interface ReportOnlyDecision {
  policy: string;
  userId: string;
  wouldHave: string;
}

/** Stores one decision and its stream entry; the event first, so an entry never points at nothing. */
export async function recordReportOnly(event: ReportOnlyDecision, at: Date): Promise<void> {
  const expiresAt = new Date(at.getTime() + REPORT_ONLY_RETENTION_MS);
  const stored = await ReportOnlyEvent.create({ ...event, at, expiresAt });
  await Promise.all([
    noteReportOnlyKind(event),
    appendToStreams([reportOnlyStreamItem(stored)]),
  ]);
}

export function reportOnlyWriter(deps: { clock: Clock; logger: Logger }): (event: ReportOnlyDecision) => void {
  return (event) => {
    deps.logger.info({ reportOnly: event }, 'report-only policy would have acted');
    recordReportOnly(event, deps.clock.now())
      .catch((error: unknown) => deps.logger.warn({ err: (error as Error).message }, 'could not record a report-only decision'));
  };
}
