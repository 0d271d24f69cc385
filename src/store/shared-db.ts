import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * One embedded database per data folder, shared by every bot process that uses the folder.
 * Two FerretDB processes on the same SQLite files corrupt each other's view (a second `npm start`
 * once logged "no such table" every 15 s and neither process sent the alerts), so:
 *
 * - `ferretdb.json` says which one runs: its port and the pid of the guard that owns it;
 * - `ferretdb.users/` holds one empty file per process (and per open) using it, named by pid;
 * - `ferretdb.lock` (created exclusively) serialises joining, starting and leaving.
 *
 * The database runs while any user is alive: the last to stop stops it, and the guard stops it
 * by itself within a second once every user has died (a crash leaves no database behind).
 */
export const STATE_FILE = 'ferretdb.json';
export const USERS_DIR = 'ferretdb.users';
const LOCK_FILE = 'ferretdb.lock';

export type DbState = { port: number; pid: number; startedBy: number; at: string };

/** Whether a process exists (EPERM: it does, but is someone else's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` holding the folder's lock. A lock whose holder died is taken over; one held by a
 * live process is waited for (a first start may build or start the database for a while).
 */
export async function withLock<T>(dataDir: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const file = path.join(dataDir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(file, 'utf8').catch(() => ''));
      // An empty file is a holder between creating and writing it: wait, unless it stays empty.
      if (holder && !alive(holder)) await rm(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`${file} is held by process ${holder || '?'} for over ${timeoutMs / 1000} s; if no crisis-bot runs on ${dataDir}, delete the file`);
      else await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}

export async function readState(dataDir: string): Promise<DbState | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, STATE_FILE), 'utf8')) as DbState;
  } catch {
    return undefined;
  }
}

export const writeState = (dataDir: string, state: DbState) => writeFile(path.join(dataDir, STATE_FILE), `${JSON.stringify(state)}\n`);
export const clearState = (dataDir: string) => rm(path.join(dataDir, STATE_FILE), { force: true });

/** Registers this process as a user of the folder's database; returns the file that says so. */
export async function register(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, USERS_DIR);
  await mkdir(dir, { recursive: true });
  // pid first (the guard reads it), then a tag: one process may open the folder more than once.
  const file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(file, '');
  return file;
}

/** The users other than `self` whose process is still alive; the files of dead ones are removed. */
export async function otherUsers(dataDir: string, self: string): Promise<string[]> {
  const dir = path.join(dataDir, USERS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const live: string[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    if (file === self) continue;
    if (alive(Number(n.split('-')[0]))) live.push(file);
    else await rm(file, { force: true });
  }
  return live;
}

/** Waits until the process is gone (it need not be our child). */
export async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
