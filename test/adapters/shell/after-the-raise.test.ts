// After the raise (issue 19 items 4 and 5, issue 12): corrections with /crisis edit, the war room’s record line, a closed incident refusing changes.
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
const ROOM = '[#inc-20261128-001-warehouse-fier]';
const alice = { id: 'alice', name: 'Alice Placeholder' };

async function raised(name: string, locale: 'en' | 'zh-CN' = 'en') {
  const core = await makeCore(await connectDb(db.uri(name)), { now: testClock().now, locale });
  const shell = shellDriver(core);
  const setup = await shell.type('/crisis raise title="Warehouse fier" type=safety-accident description="Smoke in bay 3" location="Building 3"', '/skip');
  return { core, shell, setup };
}

describe('terminal: correcting what was raised', () => {
  it('the form starts from today’s values, Enter keeps one; the summary is redrawn and the old values stay in the timeline', async () => {
    const { core, shell, setup } = await raised('edit_form');
    expect(setup).toContain(`[Correct details: /crisis edit ${KEY}]`);
    const asked = await shell.type(`/crisis edit ${KEY}`);
    expect(asked).toContain(`== Correct ${KEY} ==`);
    expect(asked).toContain('(Enter keeps: Warehouse fier)');
    const done = await shell.type('Warehouse fire', 'Smoke in bay 4, sprinklers on', '', '');
    expect(done).toContain(`${KEY} corrected; the summary is redrawn`);
    expect(done).toContain('Title: “Warehouse fier” → “Warehouse fire”');
    expect(done).toContain('What happened: “Smoke in bay 3” → “Smoke in bay 4, sprinklers on”');
    expect(done).not.toContain('Where:');
    // The pinned summary, redrawn in the war room, says it now.
    expect(done).toMatch(new RegExp(`\\${ROOM} .*Smoke in bay 4, sprinklers on`));
    const i = (await findIncident(core.db, KEY))!;
    expect(i).toMatchObject({ title: 'Warehouse fire', description: 'Smoke in bay 4, sprinklers on', location: 'Building 3' });
    const edited = (await readTimeline(core.db, KEY)).filter((e) => e.type === 'incident.edited');
    expect(edited).toHaveLength(1);
    expect(edited[0]!.data.changes).toEqual([
      { field: 'title', from: 'Warehouse fier', to: 'Warehouse fire' },
      { field: 'description', from: 'Smoke in bay 3', to: 'Smoke in bay 4, sprinklers on' },
    ]);
    expect(await shell.type(`/crisis timeline ${KEY}`)).toContain('Rita Reporter corrected Title: “Warehouse fier” → “Warehouse fire”');
  });

  it('inline fields correct at once; a bad start time is asked again and the rest kept; nothing changed says so', async () => {
    const { core, shell } = await raised('edit_inline');
    const bad = await shell.type(`/crisis edit ${KEY} location="Bay 4" started_at=2099-01-01T10:00`);
    expect(bad).toContain('When it started (YYYY-MM-DD HH:MM) is in the future');
    const fixed = await shell.type('2026-11-28 09:30');
    expect(fixed).toContain('Where: “Building 3” → “Bay 4”');
    expect(fixed).toMatch(/When it started: “2026-11-28 \d\d:\d\d” → “2026-11-28 09:30”/);
    expect((await findIncident(core.db, KEY))!.location).toBe('Bay 4');
    expect(await shell.type(`/crisis edit ${KEY} location="Bay 4"`)).toContain(`Nothing changed in ${KEY}.`);
  });

  it('only the lead or the reporter may correct, and a closed incident is not changed (zh-CN)', async () => {
    const { core, shell } = await raised('edit_who', 'zh-CN');
    const bob = shell.as({ id: 'bob', name: 'Bob Placeholder' });
    expect(await bob.type(`/crisis edit ${KEY} title=Other`)).toContain(`只有负责人（Alice Placeholder）或上报人（Rita Reporter）可以更正 ${KEY}。`);
    const lead = shell.as(alice);
    for (const p of ['assess', 'respond', 'control', 'resolve', 'review root cause is in the site report', 'closed done with the checks below']) await lead.type(`/crisis phase ${KEY} ${p}`);
    expect((await findIncident(core.db, KEY))!.status).toBe('closed');
    expect(await shell.type(`/crisis edit ${KEY} title=Other`)).toContain(`${KEY} 已关闭`);
    expect((await findIncident(core.db, KEY))!.title).toBe('Warehouse fier');
  });
});

describe('terminal: the record’s head in the war room', () => {
  it('the pinned summary shows the last event and the start of its hash, redrawn after a change', async () => {
    const { core, shell, setup } = await raised('record_line');
    const { readTimeline: read } = await import('../../../src/store/timeline.ts');
    const headAt = async () => (await read(core.db, KEY)).at(-1)!;
    const first = setup.split('\n').find((l) => l.includes('Record: head: event'))!;
    expect(first).toMatch(/Record: head: event \d+ [0-9a-f]{12} \(compare with crisis-bot audit INC-20261128-001\)/);
    const done = await shell.type(`/crisis edit ${KEY} title="Warehouse fire"`);
    const head = await headAt();
    expect(done).toContain(`Record: head: event ${head.seq} ${head.hash.slice(0, 12)}`);
  });
});

describe('terminal: a closed incident', () => {
  it('refuses every command that would change it, saying it is closed, and records nothing', async () => {
    const { core, shell } = await raised('closed_refusals');
    const lead = shell.as(alice);
    for (const p of ['assess', 'respond', 'control', 'resolve', 'review root cause is in the site report', 'closed done with the checks below']) await lead.type(`/crisis phase ${KEY} ${p}`);
    const before = (await readTimeline(core.db, KEY)).length;
    for (const typed of [`/crisis tick ${KEY} 1`, `/crisis untick ${KEY} 1`, `/crisis update ${KEY} still here`, `/crisis fact ${KEY} add`, `/crisis impact ${KEY}`, `/crisis level ${KEY} 1 worse`]) {
      expect(await lead.type(typed), typed).toContain(`${KEY} is closed; a closed incident is not changed`);
    }
    expect((await readTimeline(core.db, KEY)).length).toBe(before);
    // Reading it still works.
    expect(await lead.type(`/crisis timeline ${KEY}`)).toContain(`Timeline of ${KEY}`);
  });
});
