/**
 * The risk detections list (sign-in and user detections), filtered by user, level, state, type
 * and time, each filter an equality served by one of the `<field>, at, _id` indexes of
 * src/risk/models/risk-detection.ts. Detections record no country or app: those filters are the
 * sign-ins list's.
 */
import { SIGN_IN_DETECTION_TYPES, USER_DETECTION_TYPES } from '../../risk/detection-types.ts';
import { RiskDetection, type RiskDetectionRecord } from '../../risk/models/risk-detection.ts';
import { baseQuery, type ListDefinition } from './list-definition.ts';

export const detectionList: ListDefinition<RiskDetectionRecord> = {
  path: 'detections',
  template: 'detections',
  title: 'admin.lists.detections.title',
  choices: { fields: ['user', 'level', 'state', 'type', 'from', 'to'], levels: ['low', 'medium', 'high'], types: [...SIGN_IN_DETECTION_TYPES, ...USER_DETECTION_TYPES] },
  collection: () => RiskDetection.collection,
  query: (filter, now) => baseQuery(filter, now, { username: filter.user, level: filter.level, state: filter.state, type: filter.type }),
  csvHeader: ['id', 'time', 'scope', 'type', 'level', 'state', 'reason', 'username', 'userId', 'signInId', 'ip', 'stateBy'],
  csvRow: (d) => [d._id, d.at.toISOString(), d.scope, d.type, d.level, d.state, d.reason, d.username, d.userId, d.signInEventId, d.ip, d.stateBy],
};
