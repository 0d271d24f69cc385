import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { report } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const NO_SUCH = 'INC-19990101-999';

/** The bot's own resident memory (VmRSS of /proc/<pid>/status), in MB. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024;
}

/**
 * `/crisis status` as the bot answers it in its own process (`crisis-bot start`, the terminal chat on
 * a pipe, the database the in-process bench seeded), and the bot's resident memory with the 1,000
 * open incidents loaded — issue 10 asks for both measured in the bot, not in the bench. Each
 * command is followed by a sentinel (`status` of a key that does not exist, one `_id` read) whose
 * answer marks the end; the baseline is the sentinel alone through the same pipe.
 */
export async function benchStatusInBot(uri: string, dir: string, rounds = 60): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', MONGODB_URI: uri, CRISIS_AUDIT_DIR: path.join(dir, 'audit'), CRISIS_USER: 'b', LOG_LEVEL: 'silent' },
  });
  let out = '';
  const waiters: { marker: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString('utf8');
    for (const w of [...waiters]) {
      if (!out.includes(w.marker)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const until = (marker: string) => new Promise<void>((resolve) => (out.includes(marker) ? resolve() : waiters.push({ marker, resolve })));
  let n = 0;
  /** Sends the lines and a numbered sentinel; resolves (ms) when the sentinel's answer is printed. */
  const timed = async (lines: string[]): Promise<number> => {
    const marker = `${NO_SUCH.slice(0, -3)}${String(++n).padStart(3, '0')}`;
    out = '';
    const t0 = performance.now();
    child.stdin!.write([...lines, `/crisis status ${marker}`].map((l) => `${l}\n`).join(''));
    await until(`There is no incident ${marker}`);
    return performance.now() - t0;
  };
  try {
    await until('Type /crisis help');
    const rssStarted = await rssOf(child.pid!);
    for (let i = 0; i < 10; i++) await timed(['/crisis status']); // warm-up
    const baseline: number[] = [];
    const list: number[] = [];
    for (let i = 0; i < rounds; i++) {
      baseline.push(await timed([]));
      list.push(await timed(['/crisis status']));
    }
    report('in the bot: sentinel alone (one _id read)', baseline);
    report('in the bot: /crisis status + sentinel', list, baseline);
    const rssLoaded = await rssOf(child.pid!);
    console.log(`bot resident memory: ${rssStarted.toFixed(0)} MB after start, ${rssLoaded.toFixed(0)} MB after ${rounds + 10} status lists of 1,000 open incidents (aim < 200 MB)`);
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
