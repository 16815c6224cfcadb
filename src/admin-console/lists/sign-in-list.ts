/**
 * The risky sign-ins list: every recorded sign-in (risky or not: the level filter narrows it),
 * filtered by user, risk level and state, detection type, time, country and app, read from the
 * filter's shortest stream (src/risk/streams/sign-in-streams.ts; the state has none: it changes
 * too often) and re-checked on each event.
 */
import { SIGN_IN_DETECTION_TYPES } from '../../risk/detection-types.ts';
import { RISK_LEVELS } from '../../risk/level.ts';
import { SignInEvent, type SignInEventRecord } from '../../risk/models/sign-in-event.ts';
import { SIGN_INS_STREAM, signInAppStream, signInCountryStream, signInLevelStream, signInTypeStream, signInUserStream } from '../../risk/streams/sign-in-streams.ts';
import type { ListFilter } from './filters.ts';
import { ALL, matchesFilter, type ListDefinition } from './list-definition.ts';

function streams(filter: ListFilter): Record<string, string> {
  const found: Record<string, string> = {};
  if (filter.user) found.user = signInUserStream(filter.user);
  if (filter.level) found.level = signInLevelStream(filter.level);
  if (filter.type) found.type = signInTypeStream(filter.type);
  if (filter.country) found.country = signInCountryStream(filter.country);
  if (filter.app) found.app = signInAppStream(filter.app);
  return Object.keys(found).length ? found : { [ALL]: SIGN_INS_STREAM };
}

export const signInList: ListDefinition<SignInEventRecord> = {
  path: 'sign-ins',
  template: 'sign-ins',
  title: 'admin.lists.signIns.title',
  choices: { fields: ['user', 'level', 'state', 'type', 'from', 'to', 'country', 'app'], levels: RISK_LEVELS, types: SIGN_IN_DETECTION_TYPES },
  streams,
  load: (ids) => SignInEvent.collection.find<SignInEventRecord>({ _id: { $in: ids as never[] } }).toArray(),
  matches: (e, filter, now) => matchesFilter(e, filter, now, [
    [filter.user, e.username.toLowerCase()], [filter.level, e.riskLevel], [filter.state, e.riskState],
    [filter.type, e.detections.map((d) => d.type)], [filter.country, e.country], [filter.app, e.clientId],
  ]),
  csvHeader: ['id', 'time', 'username', 'userId', 'app', 'outcome', 'riskLevel', 'riskState', 'detections', 'ip', 'network', 'country', 'city', 'browser', 'deviceId'],
  csvRow: (e) => [
    e._id, e.at.toISOString(), e.username, e.userId, e.clientId, e.outcome, e.riskLevel, e.riskState,
    e.detections.map((d) => d.type).join(' '), e.ip, e.network, e.country, e.city, e.browser, e.deviceId,
  ],
};
