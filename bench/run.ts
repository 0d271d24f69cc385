// `npm run bench`: prints numbers and ratios against baselines measured in the same run; never fails on time.
// `npm run bench -- sweep` (or status, discord, slack) runs only the named ones.
import { benchCollections } from './collections.ts';
import { benchDelay } from './delay.ts';
import { benchDiscord } from './discord.ts';
import { benchSlack } from './slack.ts';
import { benchRetention } from './retention.ts';
import { benchStatus } from './status.ts';
import { benchReport } from './report.ts';
import { benchSweep } from './sweep.ts';
import { benchSignals } from './signals.ts';

const benches: [string, string, () => Promise<void>][] = [
  ['status', 'status on a busy database', benchStatus],
  ['discord', 'Discord: /crisis raise under 50 concurrent interactions', benchDiscord],
  ['slack', 'Slack: /crisis raise ack latency and round trips to the checklist', benchSlack],
  ['collections', 'alert queue: collections before and after 1,000 raises', benchCollections],
  ['sweep', 'deadlines: one sweep over 1k / 10k pending alerts (1 % due, and a control of 10 due)', benchSweep],
  ['retention', 'retention: bookkeeping left by raise → close cycles, before and after a purge', benchRetention],
  ['delay', 'deadlines: due → DM queued among 10,000 pending, deadline timers vs sweeps alone', benchDelay],
  ['signals', 'signals: POST /signals ingestion vs a bare node:http handler, and Slack acks during a flood', benchSignals],
  ['report', 'report: generation for 200 timeline events and 40 steps, against an empty incident', benchReport],
];

const only = process.argv.slice(2);
const unknown = only.filter((o) => !benches.some(([id]) => id === o));
if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${benches.map(([id]) => id).join(', ')}`);
for (const [id, name, run] of benches) {
  if (only.length && !only.includes(id)) continue;
  console.log(`\n## ${name}`);
  await run();
}
