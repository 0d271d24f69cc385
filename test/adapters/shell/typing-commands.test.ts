import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

const KEY = 'INC-20261128-001';
const alice = { id: 'alice', name: 'Alice Placeholder' };

async function raised(name: string, locale: 'en' | 'zh-CN' = 'en') {
  const conn = await connectDb(db.local.uri.replace(/\/crisis$/, `/${name}`));
  const core = await makeCore(conn, { now: testClock().now, locale });
  const shell = shellDriver(core);
  await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
  return { core, shell };
}

describe('terminal: a form waiting for an answer never takes a command as its value', () => {
  it('a level change asking for its reason refuses /crisis … as the reason, keeps the form, and records the real reason once', async () => {
    const { core, shell } = await raised('swallow_level');
    const lead = shell.as(alice);
    expect(await lead.type(`/crisis level ${KEY} 1`)).toContain('Reason');
    const refused = await lead.type(`/crisis level ${KEY} keep 3`);
    expect(refused).toContain(`Your command “/crisis level ${KEY} keep 3” was not run and nothing was taken as an answer`);
    expect((await findIncident(core.db, KEY))!.level).toBe(2);
    // `/` plus a command's name counts too; the form's own words still work.
    expect(await lead.type('/status')).toContain('was not run');
    const changed = await lead.type('More than 100 people affected');
    expect(changed).toContain(`${KEY} is now level 1`);
    const events = await readTimeline(core.db, KEY);
    const reasons = events.filter((e) => e.type === 'level.changed').map((e) => e.data.reason);
    expect(reasons).toEqual(['More than 100 people affected']);
  });

  it('a raise asking for its title refuses /crisis status as the title, and /cancel still abandons it (zh-CN)', async () => {
    const conn = await connectDb(db.local.uri.replace(/\/crisis$/, '/swallow_raise'));
    const core = await makeCore(conn, { now: testClock().now, locale: 'zh-CN' });
    const shell = shellDriver(core);
    await shell.type('/crisis raise');
    const refused = await shell.type('/crisis status');
    expect(refused).toContain('命令“/crisis status”没有执行');
    expect(await findIncident(core.db, KEY)).toBeNull();
    expect(await shell.type('/cancel')).not.toContain('没有执行');
    expect(await findIncident(core.db, KEY)).toBeNull();
  });
});

describe('terminal: ticking several steps at once', () => {
  it('tick KEY 1 2 ticks both; a bad number among them changes none', async () => {
    const { core, shell } = await raised('tick_several');
    const bad = await shell.type(`/crisis tick ${KEY} 1 99`);
    expect(bad).toContain('99');
    const { findStep } = await import('../../../src/store/steps.ts');
    expect((await findStep(core.db, KEY, 1))!.status).toBe('open');
    const both = await shell.type(`/crisis tick ${KEY} 1 2`);
    expect(both).toContain(`Step 1 of ${KEY} done`);
    expect(both).toContain(`Step 2 of ${KEY} done`);
    expect((await findStep(core.db, KEY, 2))!.status).toBe('done');
  });
});
