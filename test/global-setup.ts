import { ensureFerretDb } from '../src/store/ferretdb.ts';

/**
 * Builds the local database once before any test file starts one (minutes on a fresh machine).
 * Not on MONGODB_URI: the tests then run on that server and need no FerretDB (test/support/core.ts).
 */
export default async function setup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  await ensureFerretDb((line) => console.log(line));
}
