/**
 * The marker inside an embedded database: the folder it serves and the token of the record that
 * started it. A port can outlive its server and be taken by another (another folder's FerretDB
 * among them); reading the marker back before use is what keeps a Vigil or an admin command off
 * a database that is not its folder's.
 */
import mongoose from 'mongoose';

const MARKER_DATABASE = 'vigil_embedded';
const MARKER_COLLECTION = 'folder';
const MARKER_ID = 'marker';

export interface Marker {
  dataDir: string;
  token: string;
}

interface MarkerDocument extends Marker {
  _id: string;
}

async function withClient<T>(port: number, work: (client: mongoose.mongo.MongoClient) => Promise<T>): Promise<T> {
  const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${port}/`, {
    directConnection: true,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 2000,
  });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close(true).catch(() => undefined);
  }
}

function markers(client: mongoose.mongo.MongoClient): mongoose.mongo.Collection<MarkerDocument> {
  return client.db(MARKER_DATABASE).collection<MarkerDocument>(MARKER_COLLECTION);
}

export async function writeMarker(port: number, marker: Marker): Promise<void> {
  await withClient(port, async (client) => {
    await markers(client).replaceOne({ _id: MARKER_ID }, { ...marker }, { upsert: true });
  });
}

/** The server's marker; `none` when it answers without one, `unreachable` when it does not answer. */
export async function readMarker(port: number): Promise<Marker | 'none' | 'unreachable'> {
  try {
    return await withClient(port, async (client) => {
      const found = await markers(client).findOne({ _id: MARKER_ID });
      return found ? { dataDir: found.dataDir, token: found.token } : 'none';
    });
  } catch {
    return 'unreachable';
  }
}
