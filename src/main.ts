import { runShell } from '../adapters/shell/run.ts';
// The chat platforms' SDKs and the report's PDF library are loaded only by the verbs that use them:
// discord.js, Bolt and pdfkit add ~80 MB to a terminal bot's resident memory (bench/status-process.ts).
const slackAdapter = () => import('../adapters/slack/index.ts');
const discordAdapter = () => import('../adapters/discord/index.ts');
const reportVerbs = () => import('./report/cli.ts');
const planVerbs = () => import('./plans/cli.ts');
import { openCore, StartupError } from './app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { startOpsServer } from './http.ts';
import { auditCli } from './audit/cli.ts';
import { checkPlaybook } from './playbook/check.ts';
import { simulateCli } from './playbook/simulate.ts';
import { startScheduler } from './scheduler/cron.ts';
import { startRetention } from './scheduler/retention.ts';
import { startDrillSchedule } from './drills/announce.ts';
import { startSignals } from './signals/service.ts';
import { startReviewJobs } from './scheduler/reviews.ts';
import { LocalDbError } from './store/ferretdb.ts';
import { t } from './i18n/index.ts';

const USAGE = `usage: crisis-bot [start | check [DIR] | simulate PLAN --level N | audit [KEY] [--since DATE] [--json] | report KEY [--format md|html|pdf] [--lang en|zh-CN] [--out FILE] | export KEY [--out DIR] | metrics [--since DATE] [--by level|type] | hold KEY on|off --reason TEXT [--by NAME] | risks [--format md|csv] [--lang en|zh-CN] [--out FILE] | drills [--plan ID] [--since DATE] [--lang en|zh-CN] | plan-diff [--dir DIR] [ID…] | plan-apply ID [--dir DIR] [--by NAME] | plan-reject ID --reason TEXT [--by NAME] | discord-register]`;

async function main(argv: string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  const loaded = loadConfig();
  // Only the terminal chat sends its logs to a file (they would land in the chat); other verbs keep stderr.
  const config = cmd === 'start' ? loaded : { ...loaded, logFile: undefined };
  switch (cmd) {
    case 'start': {
      const running = await openCore(config);
      // A promise nobody awaited that fails (in a library's request handling, say) is logged; it must not end a bot serving a crisis.
      process.on('unhandledRejection', (err) => running.core.log.error({ err }, 'unhandled rejection; still running'));
      // Deadlines: one sweep schedule per process, whatever adapters run (it only queues effects).
      const scheduler = startScheduler(running.core, config.sweepCron);
      const retention = startRetention(running.core);
      // Reviews falling due: risk owners' reminders and the weekly digest, plans' evergreen reminders; once across processes.
      const risks = startReviewJobs(running.core);
      // Drill announcements (drills.yml), by DM on each platform this process serves.
      const drillPlatforms = [...(config.slack ? ['slack' as const] : []), ...(config.discord ? ['discord' as const] : [])];
      const drills = startDrillSchedule(running.core, drillPlatforms.length ? drillPlatforms : ['shell']);
      // POST /signals answers on PORT once the service is started (src/http.ts); 404 without the secret.
      const signals = config.signalsSecret ? await startSignals(running.core, config.signalsSecret) : undefined;
      // Chat adapters: Slack and Discord can run side by side in one process. When Slack runs, its
      // server on PORT also answers /healthz and /metrics (HTTP and Socket Mode alike).
      const adapters: { stop(): Promise<void> }[] = [];
      const stopAll = async () => {
        for (const a of adapters.reverse()) await a.stop();
        await scheduler.stop();
        await retention.stop();
        await risks.stop();
        await drills.stop();
        await signals?.stop();
        await running.close();
      };
      try {
        if (config.slack) adapters.push(await (await slackAdapter()).startSlack(running, config));
        if (config.discord) adapters.push(await (await discordAdapter()).startDiscord(running, config));
        // Without Slack, nothing else answers /healthz, /metrics and /signals on PORT.
        if (!config.slack && (config.discord || signals)) {
          const ops = await startOpsServer(running.core, config.port);
          adapters.push({ stop: ops.close });
        }
      } catch (err) {
        await stopAll();
        throw err;
      }
      const stop = async () => {
        await stopAll();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // A chat platform serves until a signal; without one, the terminal chat runs until end of input.
      if (config.slack || config.discord) return new Promise<number>(() => undefined);
      const notes = config.logFile ? [t(config.locale, 'terminal.logsTo', { path: config.logFile })] : [];
      const status = await runShell(running, process.stdin, undefined, { user: config.shellUser, notes, dataDir: config.dataDir });
      await Promise.all(adapters.map((a) => a.stop()));
      await scheduler.stop();
      await risks.stop();
      await drills.stop();
      await signals?.stop();
      await running.close();
      return status;
    }
    case 'simulate': {
      const result = await simulateCli(rest, config.playbookDir, config.locale);
      for (const l of result.out) console.log(l);
      for (const l of result.err) console.error(l);
      return result.code;
    }
    case 'check': {
      const result = await checkPlaybook(rest[0] ?? config.playbookDir);
      for (const l of result.lines) console.log(l);
      return result.ok ? 0 : 1;
    }
    case 'audit':
      return auditCli(rest, config);
    case 'report':
      return (await reportVerbs()).reportCli(rest, config);
    case 'export':
      return (await reportVerbs()).exportCli(rest, config);
    case 'metrics':
      return (await reportVerbs()).metricsCli(rest, config);
    case 'drills':
      return (await reportVerbs()).drillsCli(rest, config);
    case 'plan-diff':
      return (await planVerbs()).planDiffCli(rest, config);
    case 'plan-apply':
      return (await planVerbs()).planApplyCli(rest, config);
    case 'plan-reject':
      return (await planVerbs()).planRejectCli(rest, config);
    case 'hold':
      return (await import('./evidence/hold-cli.ts')).holdCli(rest, config, { out: (c) => void process.stdout.write(c), err: (l) => console.error(l) });
    case 'risks':
      return (await import('./risks/export.ts')).risksCli(rest, config);
    case 'discord-register': {
      const r = await (await import('../adapters/discord/register.ts')).registerCommands(config);
      console.log(`Registered ${r.commands.join(', ')} ${r.guildId ? `in guild ${r.guildId} (available now)` : 'globally (may take up to an hour to appear)'}.`);
      console.log(`Bot permissions integer: ${r.permissions}`);
      console.log(`Invite URL: ${r.inviteUrl}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StartupError || err instanceof LocalDbError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
