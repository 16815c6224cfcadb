/**
 * The risk detections list (sign-in and user detections), filtered by user, level, state, type
 * and time, read from the filter's shortest stream (src/risk/streams/detection-streams.ts; the
 * state has none: it changes) and re-checked on each detection. Detections record no country or
 * app: those filters are the sign-ins list's.
 */
import { SIGN_IN_DETECTION_TYPES, USER_DETECTION_TYPES } from '../../risk/detection-types.ts';
import { RiskDetection, type RiskDetectionRecord } from '../../risk/models/risk-detection.ts';
import { DETECTIONS_STREAM, detectionLevelStream, detectionTypeStream, detectionUserStream } from '../../risk/streams/detection-streams.ts';
import type { ListFilter } from './filters.ts';
import { ALL, matchesFilter, type ListDefinition } from './list-definition.ts';

function streams(filter: ListFilter): Record<string, string> {
  const found: Record<string, string> = {};
  if (filter.user) found.user = detectionUserStream(filter.user);
  if (filter.level) found.level = detectionLevelStream(filter.level);
  if (filter.type) found.type = detectionTypeStream(filter.type);
  return Object.keys(found).length ? found : { [ALL]: DETECTIONS_STREAM };
}

export const detectionList: ListDefinition<RiskDetectionRecord> = {
  path: 'detections',
  template: 'detections',
  title: 'admin.lists.detections.title',
  choices: { fields: ['user', 'level', 'state', 'type', 'from', 'to'], levels: ['low', 'medium', 'high'], types: [...SIGN_IN_DETECTION_TYPES, ...USER_DETECTION_TYPES] },
  streams,
  load: (ids) => RiskDetection.collection.find<RiskDetectionRecord>({ _id: { $in: ids as never[] } }).toArray(),
  matches: (d, filter, now) => matchesFilter(d, filter, now, [[filter.user, d.username.toLowerCase()], [filter.level, d.level], [filter.state, d.state], [filter.type, d.type]]),
  csvHeader: ['id', 'time', 'scope', 'type', 'level', 'state', 'reason', 'username', 'userId', 'signInId', 'ip', 'stateBy'],
  csvRow: (d) => [d._id, d.at.toISOString(), d.scope, d.type, d.level, d.state, d.reason, d.username, d.userId, d.signInEventId, d.ip, d.stateBy],
};
