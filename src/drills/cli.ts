import type { Config } from '../config.ts';
import { t } from '../i18n/index.ts';
import { planTitle } from '../incidents/messaging.ts';
import { isLocale, type Locale } from '../playbook/text.ts';
import { parse, type Bad } from '../report/cli-args.ts';
import { cliZone, processIo, textTable, verb, withCore, type CliIo, type CliOptions } from '../report/cli.ts';
import { formatInZone } from '../ui/times.ts';
import { ackText, stepsText } from './messaging.ts';
import { drillsIn, readScore } from './read.ts';

export const DRILLS_USAGE = `usage: crisis-bot drills [--plan ID] [--since DATE] [--lang en|zh-CN]

The drills in the store, one row each, grouped by plan and oldest first within it: the drill's key,
its plan, when it was raised, its time to acknowledge (MTTA of one drill), its steps on time (of the
steps due, those done by their deadline; a closed drill judged as it stood when it closed) and its
gaps (steps never done). The war room's scorecard and crisis-bot report KEY show the same figures.
  --plan ID     only the drills of this plan (a plan id from playbooks/plans/)
  --since DATE  only drills raised on or after DATE (YYYY-MM-DD or an ISO time)
  --lang        en or zh-CN (default CRISIS_LOCALE)
Exit status: 0, or 2 on a usage error (an unknown plan included).`;

export type DrillsArgs = { help: boolean; plan?: string; since?: Date; lang?: Locale };

export function parseDrillsArgs(args: readonly string[]): DrillsArgs | Bad {
  const out: DrillsArgs = { help: false };
  return parse(args, out, {
    plan: (v) => (v && !v.startsWith('--') ? void (out.plan = v) : '--plan needs a plan id such as cyber-attack'),
    since: (v) => {
      const since = v && /^\d{4}-\d{2}-\d{2}/.test(v) ? new Date(v) : undefined;
      if (!since || Number.isNaN(since.getTime())) return `--since needs a date such as 2026-11-28, not ${v ?? 'nothing'}`;
      out.since = since;
      return undefined;
    },
    lang: (v) => (isLocale(v) ? void (out.lang = v) : `unsupported language ${v ?? '(none)'}: use en or zh-CN`),
  }, false);
}

/** An unknown plan is a usage error (exit 2, like a bad option), named with the plans there are. */
class UnknownPlan extends Error {}

export async function drillsCli(args: readonly string[], config: Config, io: CliIo = processIo, opts: CliOptions = {}): Promise<number> {
  try {
    return await verb(parseDrillsArgs(args), DRILLS_USAGE, io, (a) =>
      withCore(config, opts, async (core) => {
        const L = a.lang ?? config.locale;
        if (a.plan && !core.playbook.plans.some((p) => p.id === a.plan)) throw new UnknownPlan(`unknown plan ${a.plan}: use one of ${core.playbook.plans.map((p) => p.id).join(', ')}\n${DRILLS_USAGE}`);
        const drills = await drillsIn(core, { plan: a.plan, since: a.since });
        if (!drills.length) {
          io.out(`${t(L, 'drills.table.empty', { plan: a.plan ? ` (${planTitle(core.playbook, a.plan, L)})` : '', since: a.since?.toISOString().slice(0, 10) ?? '—' })}\n`);
          return;
        }
        const zone = cliZone(core);
        const scores = await Promise.all(drills.map((i) => readScore(core, i)));
        // Grouped by plan in the playbook's order, oldest first within a plan (drillsIn reads oldest first).
        const order = (plan: string) => core.playbook.plans.findIndex((p) => p.id === plan);
        const rows = scores
          .map((s, i) => ({ s, i }))
          .sort((x, y) => order(x.s.plan) - order(y.s.plan) || x.i - y.i)
          .map(({ s }) => [s.key, planTitle(core.playbook, s.plan, L), formatInZone(s.raisedAt, zone), ackText(L, s.ackMs), stepsText(L, s), String(s.gaps.length)]);
        io.out(`${textTable(t(L, 'drills.table.head').split('|'), rows)}\n`);
      }),
    );
  } catch (err) {
    if (!(err instanceof UnknownPlan)) throw err;
    io.err(err.message);
    return 2;
  }
}
