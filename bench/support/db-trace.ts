/**
 * `--db-trace`: a loopback TCP proxy between Vigil and FerretDB that counts the commands Vigil
 * sends (MongoDB wire protocol OP_MSG: the first key of the command document and its collection,
 * e.g. "update oidc_session") and times each until its reply (`… ms` entries: milliseconds per
 * operation spent waiting for that command, queueing in the database included). Scenarios then
 * report database commands per operation. The proxy runs in the driver process and adds a hop,
 * so traced runs are for diagnosis, not for figures.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { onCleanup } from './cleanup.ts';

const OP_MSG = 2013;
const BSON_STRING = 0x02;

export interface DbTrace {
  port: number;
  /** Commands counted so far, by "command collection". */
  snapshot(): Record<string, number>;
}

const traces = new Map<string, DbTrace>();

/** The running traces, by the label of the process they trace ("vigil", "baseline"). */
export function dbTraces(): ReadonlyMap<string, DbTrace> {
  return traces;
}

function commandOf(message: Buffer): string | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  // header (16) + flagBits (4); section kind 0 is the command document
  if (message[20] !== 0) return undefined;
  const doc = 21;
  const type = message[doc + 4];
  const nameStart = doc + 5;
  const nameEnd = message.indexOf(0, nameStart);
  if (nameEnd < 0) return undefined;
  const name = message.toString('utf8', nameStart, nameEnd);
  if (type !== BSON_STRING) return name;
  const length = message.readInt32LE(nameEnd + 1);
  return `${name} ${message.toString('utf8', nameEnd + 5, nameEnd + 4 + length)}`;
}

/** Calls `onMessage` with each complete wire-protocol message of a byte stream. */
function messages(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 16) {
      const length = pending.readInt32LE(0);
      if (pending.length < length) break;
      onMessage(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
}

function add(counts: Map<string, number>, key: string, amount: number): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}

export async function startDbTrace(label: string, upstreamPort: number): Promise<DbTrace> {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ port: upstreamPort, host: '127.0.0.1' });
    sockets.add(client).add(upstream);
    const inFlight = new Map<number, { command: string; sentAt: number }>();
    const request = messages((message) => {
      const command = commandOf(message);
      if (!command) return;
      add(counts, command, 1);
      inFlight.set(message.readInt32LE(4), { command, sentAt: performance.now() });
    });
    const reply = messages((message) => {
      const sent = inFlight.get(message.readInt32LE(8));
      if (!sent) return;
      inFlight.delete(message.readInt32LE(8));
      add(counts, `${sent.command} ms`, performance.now() - sent.sentAt);
    });
    client.on('data', (chunk: Buffer) => { request(chunk); upstream.write(chunk); });
    upstream.on('data', (chunk: Buffer) => { reply(chunk); client.write(chunk); });
    const close = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  onCleanup('stop the database trace proxy', () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  const trace: DbTrace = { port, snapshot: () => Object.fromEntries(counts) };
  traces.set(label, trace);
  return trace;
}
