// `npm run bench`: prints numbers and ratios against baselines measured in the same run; never fails on time.
import { benchStatus } from './status.ts';

const benches: [string, () => Promise<void>][] = [['status on a busy database', benchStatus]];

for (const [name, run] of benches) {
  console.log(`\n## ${name}`);
  await run();
}
