// The database goes away under the terminal chat: a form's answers are kept and it waits to be
// submitted again (Enter), saying nothing was recorded; once the database is back it records once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';
import { answering, outageProxy, type OutageProxy } from '../outage-proxy.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
const proxies: OutageProxy[] = [];
const closing: (() => Promise<void>)[] = [];
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => {
  for (const close of closing) await close();
  for (const p of proxies) await p.stop();
  await db?.stop();
});

const KEY = 'INC-20261128-001';
const RETRY = t('en', 'outage.shell.retry');

async function terminal(name: string) {
  const proxy = await outageProxy(db.local.uri.replace(/\/crisis$/, `/${name}`));
  proxies.push(proxy);
  const conn = await connectDb(proxy.uri, { serverSelectionTimeoutMS: 300 });
  closing.push(() => conn.close());
  const core = await makeCore(conn, { now: testClock().now });
  return { proxy, conn, shell: shellDriver(core) };
}

describe('terminal chat with the database unreachable', () => {
  it('a raise keeps its answers and waits; Enter after the database is back raises it once', async () => {
    const { proxy, conn, shell } = await terminal('outage_shell_raise');
    await shell.type('/crisis raise title="Warehouse fire" type=safety-accident location="Dock 4"');
    proxy.cut();
    const down = await shell.type('/skip');
    expect(down).toContain(RETRY);
    expect(down).not.toMatch(/raised|Something went wrong/);
    // Typing something else does not lose the form either.
    expect(await shell.type('what now?')).toContain(RETRY);
    proxy.restore();
    await answering(conn.conn);
    expect(await shell.type('')).toContain(`${KEY} raised: Warehouse fire`);
    expect(await conn.m.Incident.findById(KEY).lean()).toMatchObject({ location: 'Dock 4' });
    expect((await readTimeline(conn, KEY)).filter((e) => e.type === 'incident.raised')).toHaveLength(1);
  });

  it('an update keeps its text and is posted once after the database returns', async () => {
    const { proxy, conn, shell } = await terminal('outage_shell_update');
    await shell.type('/crisis raise title="Warehouse fire" type=safety-accident', '/skip');
    await shell.type(`/crisis update ${KEY}`);
    proxy.cut();
    expect(await shell.type('Fire contained on floor 2')).toContain(RETRY);
    proxy.restore();
    await answering(conn.conn);
    expect(await shell.type('')).toContain(`Update 1 of ${KEY} posted`);
    expect((await readTimeline(conn, KEY)).filter((e) => e.type === 'status.update')).toMatchObject([{ data: { text: 'Fire contained on floor 2' } }]);
  });

  it('a command says the database is unreachable', async () => {
    const { proxy, shell } = await terminal('outage_shell_command');
    proxy.cut();
    expect(await shell.type('/crisis status')).toContain('The database is unreachable, so nothing was done. Try again in a moment.');
    proxy.restore();
  });
});
