import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/model.ts';
import { renderReport } from '../../../src/report/render.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestCore, useTestDb } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const db = useTestDb();
// Roster: Alice is the lead, Erin holds operations, Dave security, Frank is the financial analyst.
const alice = { id: 'alice', name: 'Alice Placeholder' };
const erin = { id: 'erin', name: 'Erin Placeholder' };
const dave = { id: 'dave', name: 'Dave Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };

async function raise(shell: ReturnType<typeof shellDriver>, title: string, type = 'safety-accident'): Promise<string> {
  const out = await shell.type(`/crisis raise title="${title}" type=${type}`, '/skip');
  return out.match(/(INC-\d{8}-\d{3})/)![1]!;
}

const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => re.test(l));
/** A sweep's lines about one incident's missing people (other tests' incidents share the database). */
const missingLines = (out: string, key: string) => lines(out, /missing/).filter((l) => l.toLowerCase().includes(key.toLowerCase()));

describe('the Site card on the terminal', () => {
  it('records the command post, counts, areas and watch notes; one card in the war room, edited in place; every change in the timeline', async () => {
    clock.set(new Date('2026-12-01T09:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Fire in the loading bay');
    const room = `[#${key.toLowerCase()}-fire-in-the-loading-bay]`;

    const first = await shell.as(erin).type(`/crisis service ${key} site post Gate 3 car park`);
    expect(first).toContain(`Site of ${key} updated: command post recorded.`);
    expect(first).toContain(`${room} == Site — ${key} ==`);
    expect(first).toContain(`${room} Command post: Gate 3 car park — no commander named`);
    expect(first).toContain(`${room} Evacuation: not recorded`);

    await shell.as(erin).type(`/crisis service ${key} site commander dave`);
    const counted = await shell.as(dave).type(`/crisis service ${key} site evac 40 37`);
    // Edited in place, not posted again: the terminal prints the changed lines of the same message.
    expect(counted).toContain(`${room} == Site — ${key} == (updated)`);
    expect(counted).toContain(`${room} Evacuation: expected 40 · accounted for 37 · missing 🔴 3`);
    expect(counted).toContain(`${room} 🔴 3 missing — the lead is alerted every 30 min until everyone is accounted for`);
    expect(lines(counted, /== Site — .* ==$/).filter((l) => l.startsWith(room))).toEqual([]);

    await shell.as(dave).type(`/crisis service ${key} site area add Warehouse B (gas leak)`);
    await shell.as(dave).type(`/crisis service ${key} site area add Loading bay`);
    await shell.as(erin).type(`/crisis service ${key} site area remove a1`);
    await shell.as(alice).type(`/crisis service ${key} site watch roof may collapse; keep people 50 m away`);
    const done = await shell.as(dave).type(`/crisis service ${key} site evac 40 40`);
    expect(done).toContain(`${room} Evacuation: expected 40 · accounted for 40 · missing 0`);
    expect(done).not.toContain('🔴');

    const card = await shell.as(frank).type(`/crisis service ${key} site show`);
    expect(card).toContain(`Command post: Gate 3 car park — commanded by @Dave Placeholder`);
    expect(card).toContain('A2 Loading bay — Dave Placeholder, 2026-12-01 09:00');
    expect(card).not.toContain('Warehouse B');
    expect(card).toContain('#1 roof may collapse; keep people 50 m away — Alice Placeholder, 2026-12-01 09:00');
    expect(card).not.toContain('[#');
    expect(await shell.as(erin).type(`/crisis service ${key} site card`)).toContain(`The Site card of ${key} is being posted in the war room.`);
    expect((await findIncident(t.core.db, key))!.siteMessage?.id).toBeTruthy();

    const events = (await readTimeline(t.core.db, key)).filter((e) => e.type.startsWith('site.'));
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['site.post', 'Erin Placeholder'],
      ['site.post', 'Erin Placeholder'],
      ['site.evac', 'Dave Placeholder'],
      ['site.area.added', 'Dave Placeholder'],
      ['site.area.added', 'Dave Placeholder'],
      ['site.area.removed', 'Erin Placeholder'],
      ['site.watch', 'Alice Placeholder'],
      ['site.evac', 'Dave Placeholder'],
    ]);
    const timeline = await shell.type(`/crisis timeline ${key}`);
    expect(timeline).toContain('Erin Placeholder set the command post: Gate 3 car park, commanded by Dave Placeholder');
    expect(timeline).toContain('Dave Placeholder recorded the evacuation: 37 of 40 accounted for, 3 missing');
    expect(timeline).toContain('Erin Placeholder lifted area A1: Warehouse B (gas leak)');
    expect(timeline).toContain('Alice Placeholder noted for the secondary-event watch (#1): roof may collapse; keep people 50 m away');
  });

  it('opens a five-field form; bad numbers are named and asked again with everything typed kept', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Explosion at plant 2');
    const e = shell.as(erin);
    const asked = await e.type(`/crisis service ${key} site`, 'North gate', 'erin', '12', 'twelve', 'smell of gas near tank 4');
    expect(asked).toContain('? Command post — where');
    expect(asked).toContain("Accounted for: 'twelve' is not a whole number of 0 or more; e.g. /crisis service");
    const again = await e.type('14');
    expect(again).toContain('Accounted for: 14 is more than the expected headcount (12); correct one of the two.');
    const saved = await e.type('11');
    expect(saved).toContain(`Site of ${key} updated: command post recorded. evacuation count recorded. watch note added.`);
    const site = (await findIncident(t.core.db, key))!.site!;
    expect(site.post.at(-1)).toMatchObject({ where: 'North gate', commander: { id: 'erin', name: 'Erin Placeholder' } });
    expect(site.evac.at(-1)).toMatchObject({ expected: 12, accounted: 11 });
    expect(site.watch.map((w) => w.text)).toEqual(['smell of gas near tank 4']);
  });

  it('refuses bad typed values naming the field, and changes by someone not named by the plan', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Crane collapse');
    expect(await shell.as(erin).type(`/crisis service ${key} site evac 40 -2`)).toContain("Accounted for: '-2' is not a whole number of 0 or more; e.g. /crisis service");
    expect(await shell.as(erin).type(`/crisis service ${key} site evac 40`)).toContain('Accounted for: give a whole number of 0 or more');
    expect(await shell.as(erin).type(`/crisis service ${key} site evac 40 41`)).toContain('Accounted for: 41 is more than the expected headcount (40)');
    expect(await shell.as(erin).type(`/crisis service ${key} site commander zed`)).toContain("Commanded by (roster id or name): 'zed' is not in the roster; use one of: alice,");
    expect(await shell.as(erin).type(`/crisis service ${key} site area remove A9`)).toContain(`Area: 'A9' is not an area on the Site card of ${key}`);
    expect(await shell.as(erin).type(`/crisis service ${key} site evacuate 3`)).toContain("Site: 'evacuate' is not something the Site card does; use one of: show, card, post, commander, evac, area, watch");
    const refused = await shell.as(frank).type(`/crisis service ${key} site evac 40 30`);
    expect(refused).toContain(`Only the lead (Alice Placeholder) or someone holding Operations lead, Security lead may change the Site card of ${key}.`);
    expect(await shell.as(frank).type(`/crisis service ${key} site`)).toContain('Only the lead (Alice Placeholder)');
    // Reading is open to everyone who may see the incident.
    expect(await shell.as(frank).type(`/crisis service ${key} site show`)).toContain(`== Site — ${key} ==`);
    expect((await findIncident(t.core.db, key))!.site).toBeUndefined();
  });

  it('two people editing at once: different parts both land; a count changed meanwhile is asked again with the other one shown', async () => {
    clock.set(new Date('2026-12-01T10:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Chemical spill');
    await shell.as(erin).type(`/crisis service ${key} site evac 30 20`);
    // Dave opens the form and starts typing; meanwhile Erin changes the count and Alice the post.
    const d = shell.as(dave);
    await d.type(`/crisis service ${key} site`, 'East gate');
    clock.set(new Date('2026-12-01T10:05:00'));
    await shell.as(erin).type(`/crisis service ${key} site evac 30 25`);
    await shell.as(alice).type(`/crisis service ${key} site watch wind turning north`);
    // Dave leaves the counts as he saw them (30, 20) and adds a note: his post and note land, Erin's count stays.
    const merged = await d.type('', '', '', 'drains blocked');
    expect(merged).toContain(`Site of ${key} updated: command post recorded. watch note added.`);
    let site = (await findIncident(t.core.db, key))!.site!;
    expect(site.evac.at(-1)).toMatchObject({ expected: 30, accounted: 25, by: { name: 'Erin Placeholder' } });
    expect(site.post.at(-1)).toMatchObject({ where: 'East gate' });
    expect(site.watch.map((w) => w.text)).toEqual(['wind turning north', 'drains blocked']);

    // Now Dave changes the count over a newer one: asked again, Erin's count shown, his values kept.
    await d.type(`/crisis service ${key} site`, '', '', '', '22');
    await shell.as(erin).type(`/crisis service ${key} site evac 30 27`);
    const conflict = await d.type('');
    expect(conflict).toContain('Erin Placeholder recorded the evacuation at 2026-12-01 10:05 while you were editing: now 27 of 30 accounted for. Your values are kept: check them and save again to replace it.');
    site = (await findIncident(t.core.db, key))!.site!;
    expect(site.evac.at(-1)).toMatchObject({ accounted: 27 });
    // The field is asked again; answering it (the form now carries Erin's version) replaces hers knowingly.
    expect(conflict).toContain('? Accounted for');
    const saved = await d.type('22');
    expect(saved).toContain('evacuation count recorded.');
    expect((await findIncident(t.core.db, key))!.site!.evac.at(-1)).toMatchObject({ accounted: 22, by: { name: 'Dave Placeholder' } });
  });

  // Seven sweeps, each delivering what it queued: slow on a shared machine.
  it('alerts the lead at once and every 30 min while anyone is missing; accounted for stops it, a new shortfall starts again', { timeout: 120_000 }, async () => {
    clock.set(new Date('2026-12-02T08:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Flood in basement');
    const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}`);
    await shell.as(dave).type(`/crisis service ${key} site evac 25 22`);
    const firstAlert = await shell.sweepAt(at('08:00:10'));
    expect(firstAlert).toContain(`[DM @alice] == 🔴 3 missing at the site of ${key} ==`);
    expect(firstAlert).toContain('[DM @alice] Evacuation: 22 of 25 accounted for — counted by Dave Placeholder at 2026-12-02 08:00');
    expect(firstAlert).toContain(`[DM @alice] [Edit site: /crisis service ${key} site]`);
    expect(firstAlert).toMatch(/\] 🔴 3 missing on site — reminded @Alice Placeholder \(every 30 min until everyone is accounted for\)/);
    expect(missingLines(await shell.sweepAt(at('08:29:00')), key)).toEqual([]);
    await shell.as(dave).type(`/crisis service ${key} site evac 25 24`);
    expect(await shell.sweepAt(at('08:30:10'))).toContain(`[DM @alice] == 🔴 1 missing at the site of ${key} ==`);
    clock.set(at('08:45:00'));
    await shell.as(dave).type(`/crisis service ${key} site evac 25 25`);
    expect(missingLines(await shell.sweepAt(at('09:00:10')), key)).toEqual([]);
    expect(missingLines(await shell.sweepAt(at('09:30:10')), key)).toEqual([]);
    clock.set(at('10:00:00'));
    await shell.as(dave).type(`/crisis service ${key} site evac 26 25`);
    expect(await shell.sweepAt(at('10:00:10'))).toContain(`[DM @alice] == 🔴 1 missing at the site of ${key} ==`);
    const alerts = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'deadline.alert' && e.data.kind === 'site');
    expect(alerts.map((e) => [e.data.alert, e.data.notified])).toEqual([
      [`alert:${key}:site:e1:r0`, ['Alice Placeholder']],
      [`alert:${key}:site:e1:r1`, ['Alice Placeholder']],
      [`alert:${key}:site:e2:r0`, ['Alice Placeholder']],
    ]);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('People missing on site: alerted Alice Placeholder (reminder 2)');
  });

  it('review ends the missing-people reminders, as every ladder; a closed incident shows its site but refuses changes', { timeout: 120_000 }, async () => {
    clock.set(new Date('2026-12-03T08:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Gas leak at depot');
    const at = (hhmm: string) => new Date(`2026-12-03T${hhmm}`);
    await shell.as(dave).type(`/crisis service ${key} site evac 12 10`);
    expect(await shell.sweepAt(at('08:00:10'))).toContain(`[DM @alice] == 🔴 2 missing at the site of ${key} ==`);
    const lead = shell.as(alice);
    const REASON = 'the open steps are in the site log';
    for (const to of ['respond', 'resolve'] as const) expect(await lead.type(`/crisis phase ${key} ${to} ${REASON}`)).toContain(`${key} is now in phase`);
    // Resolving still watches the site: people are still missing.
    expect(await shell.sweepAt(at('08:30:10'))).toContain(`[DM @alice] == 🔴 2 missing at the site of ${key} ==`);
    expect(await lead.type(`/crisis phase ${key} review ${REASON}`)).toContain(`${key} is now in phase Review`);
    expect(missingLines(await shell.sweepAt(at('09:00:10')), key)).toEqual([]);
    expect(missingLines(await shell.sweepAt(at('09:30:10')), key)).toEqual([]);
    await lead.type(`/crisis phase ${key} closed ${REASON}`);
    expect((await findIncident(t.core.db, key))!.status).toBe('closed');
    expect(await shell.as(dave).type(`/crisis service ${key} site evac 12 12`)).toContain(`${key} is closed; a closed incident is not changed`);
    const shown = await shell.as(dave).type(`/crisis service ${key} site show`);
    expect(shown).toContain('Evacuation: expected 12 · accounted for 10 · missing 🔴 2');
    expect(shown).toContain('🔴 2 missing at the last count (no reminders once the incident is in review)');
    expect(shown).not.toContain('the lead is alerted every');
    expect(shown).not.toContain(`Change: /crisis service ${key} site`);
    expect((await readTimeline(t.core.db, key)).filter((e) => e.type === 'site.evac')).toHaveLength(1);
  });

  it('the report has an On-site control section in English and Chinese, or says none was recorded', async () => {
    clock.set(new Date('2026-12-03T09:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Gas leak');
    const empty = String(await renderReport(await buildReport(t.core, key), { core: t.core, locale: 'en', zone: 'UTC' }, 'md'));
    expect(empty).toContain('## On-site control\n');
    expect(empty).toContain('No on-site control was recorded (command post, evacuation, areas, watch).');
    await shell.as(erin).type(`/crisis service ${key} site post Car park B`);
    await shell.as(erin).type(`/crisis service ${key} site commander erin`);
    await shell.as(erin).type(`/crisis service ${key} site evac 50 48`);
    await shell.as(erin).type(`/crisis service ${key} site area add Boiler room`);
    await shell.as(erin).type(`/crisis service ${key} site watch second leak possible`);
    const model = await buildReport(t.core, key);
    const en = String(await renderReport(model, { core: t.core, locale: 'en', zone: 'UTC' }, 'md'));
    expect(en).toContain('| Command post | Car park B, commanded by Erin Placeholder (set by Erin Placeholder at 2026-12-03 09:00) |');
    expect(en).toContain('| Evacuation | 48 of 50 accounted for, 2 missing (by Erin Placeholder at 2026-12-03 09:00; 1 counts recorded) |');
    expect(en).toContain('| Isolated / hazardous areas now | A1 Boiler room |');
    expect(en).toContain('- Secondary-event watch #1 — 2026-12-03 09:00 — Erin Placeholder: second leak possible');
    const zh = String(await renderReport(model, { core: t.core, locale: 'zh-CN', zone: 'UTC' }, 'md'));
    expect(zh).toContain('## 现场控制\n');
    expect(zh).toContain('| 疏散 | 应到 50，已清点 48，失联 2（Erin Placeholder 于 2026-12-03 09:00；共记录 1 次） |');
  });

  it('speaks Chinese: the card with the missing count marked, the refusal', async () => {
    const core = await makeCore(await connectDb(db.uri('site_zh')), { now: testClock().now, locale: 'zh-CN' });
    const shell = shellDriver(core);
    const key = await raise(shell, '仓库火灾');
    const out = await shell.as(dave).type(`/crisis service ${key} site evac 10 7`);
    expect(out).toContain(`已更新 ${key} 的现场信息：已记录疏散人数。`);
    expect(out).toContain(`== 现场 — ${key} ==`);
    expect(out).toContain('疏散: 应到 10 · 已清点 7 · 失联 🔴 3');
    expect(out).toContain('🔴 3 人失联 — 在所有人清点到位之前，每 30 分钟 提醒负责人一次');
    expect(await shell.as(frank).type(`/crisis service ${key} site watch 余震`)).toContain(`只有负责人（Alice Placeholder）或担任运营负责人, 安全负责人的人员可以修改 ${key} 的现场卡片。`);
  });
});
