// The terminal keeps what a person typed: a multi-line paste is one value, and a form left
// half-answered (input ended, Ctrl-C) is offered again at the next start (issue 19, item 6).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from '../../../adapters/shell/run.ts';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';
import type { Core } from '../../../src/core.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
let tmp: string;
beforeAll(async () => {
  db = await startTestDb();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-drafts-'));
});
afterAll(async () => {
  await db?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const KEY = 'INC-20261128-001';
const START = '\x1b[200~';
const END = '\x1b[201~';

async function piped(core: Core, lines: string[], dataDir?: string) {
  const out: string[] = [];
  const code = await runShell({ core, close: async () => {} }, Readable.from(lines.map((l) => `${l}\n`)), (l) => void out.push(l), { user: 'rita', dataDir });
  return { code, out: out.join('\n') };
}

describe('terminal: a pasted block of lines', () => {
  it('is one answer to the form waiting for it, not a line each run as commands', async () => {
    const core = await makeCore(await connectDb(db.uri('paste')), { now: testClock().now });
    await piped(core, ['/crisis raise title="Warehouse fire" type=safety-accident', '/skip']);
    const r = await piped(core, [`/crisis update ${KEY}`, `${START}Fire contained in bay 4.`, '/crisis is not a command here', `Next update at 11:00.${END}`]);
    expect(r.out).not.toContain('was not run');
    expect(r.out).not.toContain('Unknown command');
    const update = (await readTimeline(core.db, KEY)).find((e) => e.type === 'status.update');
    expect(update?.data.text).toBe('Fire contained in bay 4.\n/crisis is not a command here\nNext update at 11:00.');
    expect(r.code).toBe(0);
  });
});

describe('terminal: a form left half-answered', () => {
  it('is kept when input ends, offered at the next start, and /resume goes on from where it stopped', async () => {
    const dataDir = path.join(tmp, 'resume');
    const core = await makeCore(await connectDb(db.uri('resume')), { now: testClock().now });
    const first = await piped(core, ['/crisis raise title="Half typed" type=safety-accident people_affected=12', 'Smoke in the stairwell'], dataDir);
    expect(first.code).toBe(1);
    expect(first.out).toContain('your answers are kept: type /resume at the next start');
    expect(await findIncident(core.db, KEY)).toBeNull();

    const second = await piped(core, ['/crisis status', '/resume', '/skip'], dataDir);
    expect(second.out).toContain('You left “Raise a crisis” unfinished last time (4 answers kept). Type /resume to go on with it, or /discard to drop it.');
    expect(second.out).not.toContain('? Title');
    expect(second.out).toMatch(/INC-20261128-001 raised: Half typed/);
    expect((await findIncident(core.db, KEY))!.description).toBe('Smoke in the stairwell');
    // Once resumed, it is not offered again.
    const third = await piped(core, ['/crisis status'], dataDir);
    expect(third.out).not.toContain('unfinished');
  });

  it('/discard drops it, in Chinese too', async () => {
    const dataDir = path.join(tmp, 'discard');
    const core = await makeCore(await connectDb(db.uri('discard')), { now: testClock().now, locale: 'zh-CN' });
    await piped(core, ['/crisis raise title="半途" type=safety-accident'], dataDir);
    const second = await piped(core, ['/discard', '/resume'], dataDir);
    expect(second.out).toContain('您上次有未完成的');
    expect(second.out).toContain('已放弃未完成的');
    expect(second.out).toContain('没有可继续的未完成表单。');
  });
});
