import { connectDb, type ConnectOptions, type Db } from './connect.ts';
import { startLocalDb } from './ferretdb.ts';

/**
 * The configured store: `MONGODB_URI` when set, else the embedded FerretDB started in the data
 * folder. `close` closes the connection and stops what was started; a failed connect stops it too.
 */
export async function openStore(mongodbUri: string | undefined, dataDir: string, opts: ConnectOptions = {}): Promise<{ db: Db; close(): Promise<void> }> {
  const local = mongodbUri ? undefined : await startLocalDb(dataDir);
  try {
    const db = await connectDb(mongodbUri ?? local!.uri, opts);
    return {
      db,
      close: async () => {
        await db.close();
        await local?.stop();
      },
    };
  } catch (err) {
    await local?.stop();
    throw err;
  }
}
