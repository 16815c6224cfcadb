/**
 * Bringing Vigil's database to N active sessions quickly: copies of a session that Vigil itself
 * created at a real sign-in, each with its own id (the cookie value), uid and per-client sid,
 * written in bulk. Used only for the part of the 10,000 sessions that real sign-ins cannot reach
 * in the time budget: on FerretDB 1.24 each sign-in scans every session and token collection, so
 * the sign-in rate falls as sessions accumulate (measured: ~5/s at 2,000 sessions on 2 vCPU).
 */
import { randomBytes } from 'node:crypto';
import { collectionName } from '../../src/oidc/adapter.ts';
import { databaseAt } from './database-connections.ts';

interface SessionPayload {
  jti: string;
  uid: string;
  authorizations?: Record<string, { sid?: string } & Record<string, unknown>>;
  [key: string]: unknown;
}

interface SessionRecord {
  _id: string;
  payload: SessionPayload;
  uid?: string;
  [key: string]: unknown;
}

function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** Adds `count` copies of one of Vigil's own sessions; returns the new session ids. */
export async function seedSessions(uri: string, count: number): Promise<string[]> {
  const sessions = (await databaseAt(uri)).collection<SessionRecord>(collectionName('Session'));
  const template = await sessions.findOne({ expiresAt: { $gt: new Date() } });
  if (!template) throw new Error('no session to copy: seeding needs at least one real sign-in first');
  const ids: string[] = [];
  const batch: SessionRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length > 0) await sessions.insertMany(batch.splice(0), { ordered: false });
  };
  for (let i = 0; i < count; i += 1) {
    const id = newId();
    const uid = newId();
    const authorizations: SessionPayload['authorizations'] = {};
    for (const [clientId, authorization] of Object.entries(template.payload.authorizations ?? {})) {
      authorizations[clientId] = { ...authorization, sid: newId() };
    }
    batch.push({ ...template, _id: id, uid, payload: { ...template.payload, jti: id, uid, authorizations } });
    ids.push(id);
    if (batch.length === 500) await flush();
  }
  await flush();
  return ids;
}
