import { ensureFerretDb } from '../src/store/ferretdb.ts';

/** Builds the local database once before any test file starts one (minutes on a fresh machine). */
export default async function setup(): Promise<void> {
  await ensureFerretDb((line) => console.log(line));
}
