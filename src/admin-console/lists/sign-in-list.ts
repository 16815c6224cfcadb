/**
 * The risky sign-ins list: every recorded sign-in (risky or not: the level filter narrows it),
 * filtered by user, risk level and state, detection type, time, country and app, each filter an
 * equality served by one of the `<field>, at, _id` indexes of src/risk/models/sign-in-event.ts.
 */
import { SIGN_IN_DETECTION_TYPES } from '../../risk/detection-types.ts';
import { RISK_LEVELS } from '../../risk/level.ts';
import { SignInEvent, type SignInEventRecord } from '../../risk/models/sign-in-event.ts';
import { baseQuery, type ListDefinition } from './list-definition.ts';

export const signInList: ListDefinition<SignInEventRecord> = {
  path: 'sign-ins',
  template: 'sign-ins',
  title: 'admin.lists.signIns.title',
  choices: { fields: ['user', 'level', 'state', 'type', 'from', 'to', 'country', 'app'], levels: RISK_LEVELS, types: SIGN_IN_DETECTION_TYPES },
  collection: () => SignInEvent.collection,
  query: (filter, now) => baseQuery(filter, now, {
    username: filter.user, riskLevel: filter.level, riskState: filter.state, 'detections.type': filter.type, country: filter.country, clientId: filter.app,
  }),
  csvHeader: ['id', 'time', 'username', 'userId', 'app', 'outcome', 'riskLevel', 'riskState', 'detections', 'ip', 'network', 'country', 'city', 'browser', 'deviceId'],
  csvRow: (e) => [
    e._id, e.at.toISOString(), e.username, e.userId, e.clientId, e.outcome, e.riskLevel, e.riskState,
    e.detections.map((d) => d.type).join(' '), e.ip, e.network, e.country, e.city, e.browser, e.deviceId,
  ],
};
