/**
 * The streams a risk detection joins (src/db/streams/), named in one place: every detection,
 * and one stream per user name, user id, level and type (neither changes after recording; the
 * state does, and is re-checked on the detection itself when read).
 */
import type { StreamItem } from '../../db/streams/stream-entry.ts';
import type { DetectionType } from '../detection-types.ts';
import type { RiskDetectionRecord } from '../models/risk-detection.ts';

export const DETECTIONS_STREAM = 'detections';

export const detectionUserStream = (username: string): string => `detections:user:${username.toLowerCase()}`;
export const detectionUserIdStream = (userId: string): string => `detections:userId:${userId}`;
export const detectionLevelStream = (level: string): string => `detections:level:${level}`;
export const detectionTypeStream = (type: DetectionType | string): string => `detections:type:${type}`;

type Indexed = Pick<RiskDetectionRecord, '_id' | 'at' | 'expiresAt' | 'username' | 'userId' | 'level' | 'type'>;

export function detectionStreamItems(detection: Indexed): StreamItem[] {
  const streams = [
    DETECTIONS_STREAM,
    detectionUserStream(detection.username),
    detectionLevelStream(detection.level),
    detectionTypeStream(detection.type),
    ...(detection.userId ? [detectionUserIdStream(detection.userId)] : []),
  ];
  return streams.map((stream) => ({ stream, ref: detection._id, at: detection.at, expiresAt: detection.expiresAt }));
}
