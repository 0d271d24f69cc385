// `npm run bench`: prints numbers and ratios against baselines measured in the same run; never fails on time.
import { benchDiscord } from './discord.ts';
import { benchSlack } from './slack.ts';
import { benchStatus } from './status.ts';
import { benchSweep } from './sweep.ts';

const benches: [string, () => Promise<void>][] = [
  ['status on a busy database', benchStatus],
  ['Discord: /crisis raise under 50 concurrent interactions', benchDiscord],
  ['Slack: /crisis raise ack latency and round trips to the checklist', benchSlack],
  ['deadlines: one sweep over 1k / 10k / 100k pending alerts (1 % due), and due → DM delay', benchSweep],
];

for (const [name, run] of benches) {
  console.log(`\n## ${name}`);
  await run();
}
