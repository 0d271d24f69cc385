// `npm run setup:db`: builds the local database ahead of time (CI and first-time setup).
import { ensureFerretDb } from './ferretdb.ts';

ensureFerretDb((l) => console.log(l)).then(
  (bin) => console.log(`local database ready: ${bin}`),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
