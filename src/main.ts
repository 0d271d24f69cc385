import { runShell } from '../adapters/shell/run.ts';
import { openCore, StartupError } from './app.ts';
import { loadConfig, ConfigError } from './config.ts';
import { checkPlaybook } from './playbook/check.ts';
import { auditTimeline } from './store/timeline.ts';
import { LocalDbError } from './store/ferretdb.ts';

const USAGE = `usage: crisis-bot [start | check [DIR] | audit [KEY] | discord-register]`;

async function main(argv: string[]): Promise<number> {
  const [cmd = 'start', ...rest] = argv;
  const config = loadConfig();
  switch (cmd) {
    case 'start': {
      if (config.slack || config.discord) {
        console.error('Slack and Discord adapters are not available in this version yet; unset SLACK_*/DISCORD_* tokens to use the terminal chat.');
        return 1;
      }
      const running = await openCore(config);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runShell(running);
      await running.close();
      return 0;
    }
    case 'check': {
      const result = await checkPlaybook(rest[0] ?? config.playbookDir);
      for (const l of result.lines) console.log(l);
      return result.ok ? 0 : 1;
    }
    case 'audit': {
      const running = await openCore({ ...config, logLevel: 'warn' });
      try {
        const keys = rest[0] ? [rest[0].toUpperCase()] : (await running.core.db.m.Incident.find().select({ key: 1 }).lean()).map((i) => i.key);
        let bad = 0;
        for (const key of keys) {
          const verdict = await auditTimeline(running.core.db, key);
          if (verdict.ok && verdict.count === 0) {
            console.log(`${key}: no timeline events (unknown incident?)`);
            bad++;
          } else if (verdict.ok) console.log(`${key}: OK — ${verdict.count} events, hash chain intact`);
          else {
            console.log(`${key}: MISMATCH at event ${verdict.seq}: ${verdict.problem}`);
            bad++;
          }
        }
        return bad ? 1 : 0;
      } finally {
        await running.close();
      }
    }
    case 'discord-register':
      console.error('Discord support is not available in this version yet (see the README feature list).');
      return 1;
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
