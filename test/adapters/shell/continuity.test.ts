import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { connectDb, makeCore, testClock, useTestCore, useTestDb } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';
import { tickStepsBefore } from '../../support/steps.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const db = useTestDb();
const alice = { id: 'alice', name: 'Alice Placeholder' };
const dave = { id: 'dave', name: 'Dave Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };

async function raise(shell: ReturnType<typeof shellDriver>, title: string, type = 'cyber-attack'): Promise<string> {
  const out = await shell.type(`/crisis raise title="${title}" type=${type}`, '/skip');
  return out.match(/(INC-\d{8}-\d{3})/)![1]!;
}

const lines = (out: string, re: RegExp) => out.split('\n').filter((l) => re.test(l));

describe('business continuity on the terminal', () => {
  it('marks functions, posts the card in the war room and edits it in place, in restore order with dependencies first', async () => {
    clock.set(new Date('2026-12-01T09:00:00'));
    const shell = shellDriver(t.core, undefined, { clock });
    const key = await raise(shell, 'Ransomware on the file servers');
    const room = `[#${key.toLowerCase()}-ransomware-on-the-file-servers]`;

    const first = await shell.as(frank).type(`/crisis service ${key} logistics down trucks cannot be dispatched`);
    expect(first).toContain(`Warehousing and deliveries marked down in ${key}. Its RTO (1d) falls at 2026-12-02 09:00.`);
    expect(first).toContain(`${room} == Business continuity — ${key} ==`);
    expect(first).toContain(`${room}   1. Warehousing and deliveries (logistics) — down for 0 min — RTO 1d: due 2026-12-02 09:00 — owner: Operations lead  [Mark restored: /crisis service ${key} logistics restored]`);
    expect(first).toContain(`${room}    “trucks cannot be dispatched” — Frank Placeholder`);

    clock.set(new Date('2026-12-01T09:10:00'));
    await shell.as(dave).type(`/crisis service ${key} payments degraded`);
    clock.set(new Date('2026-12-01T09:20:00'));
    await shell.as(dave).type(`/crisis service ${key} it-core down`);
    clock.set(new Date('2026-12-01T09:30:00'));
    const fourth = await shell.as(dave).type(`/crisis service ${key} site-safety down`);
    // Edited in place, not posted again: the terminal prints the changed lines of the same message.
    expect(fourth).toContain(`${room} == Business continuity — ${key} == (updated)`);
    expect(fourth).toContain(`${room} Restore order: site-safety → it-core → payments → logistics`);

    // logistics (priority 3) needs site-safety directly and payments through order-intake, which is running.
    const card = await shell.as(alice).type(`/crisis service ${key} list`);
    expect(lines(card, /^ {2}\d\./)).toEqual([
      `  1. Site access and physical security (site-safety) — down for 0 min — RTO 1h: due 2026-12-01 10:30 — owner: Security lead  [Mark restored: /crisis service ${key} site-safety restored]`,
      `  2. Core IT, network and identity (it-core) — down for 10 min — RTO 2h: due 2026-12-01 11:20 — owner: Technical expert  [Mark restored: /crisis service ${key} it-core restored]`,
      `  3. Payments and treasury (payments) — degraded for 20 min — RTO 4h: due 2026-12-01 13:10 — owner: Financial analyst — after it-core  [Mark restored: /crisis service ${key} payments restored]`,
      `  4. Warehousing and deliveries (logistics) — down for 30 min — RTO 1d: due 2026-12-02 09:00 — owner: Operations lead — after site-safety  [Mark restored: /crisis service ${key} logistics restored]`,
    ]);
    expect(card).not.toContain('[#');

    clock.set(new Date('2026-12-01T11:50:00'));
    const restored = await shell.as(dave).type(`/crisis service ${key} it-core restored`);
    expect(restored).toContain(`Core IT, network and identity marked restored in ${key} after 2 h 30 min, 30 min past its RTO (2h).`);
    expect(restored).toMatch(/Core IT, network and identity \(it-core\) — restored after 2 h 30 min, 30 min past its RTO \(2h\) at 2026-12-01 11:50/);
    expect(await shell.as(dave).type(`/crisis service ${key} it-core restored`)).toContain(`Core IT, network and identity is already restored in ${key}; nothing changed.`);
    expect(await shell.as(dave).type(`/crisis service ${key} production restored`)).toContain(`Production lines was never marked down or degraded in ${key}; nothing to restore.`);

    const events = (await readTimeline(t.core.db, key)).filter((e) => e.type.startsWith('continuity.'));
    expect(events.map((e) => [e.type, e.actor, e.data.fn, e.data.from])).toEqual([
      ['continuity.down', 'Frank Placeholder', 'logistics', 'running'],
      ['continuity.degraded', 'Dave Placeholder', 'payments', 'running'],
      ['continuity.down', 'Dave Placeholder', 'it-core', 'running'],
      ['continuity.down', 'Dave Placeholder', 'site-safety', 'running'],
      ['continuity.restored', 'Dave Placeholder', 'it-core', 'down'],
    ]);
    const timeline = await shell.type(`/crisis timeline ${key}`);
    expect(timeline).toContain('Frank Placeholder marked Warehousing and deliveries down (was running): trucks cannot be dispatched');
    expect(timeline).toContain('Dave Placeholder marked Core IT, network and identity restored (was down)');
  });

  it('opens a form with the functions and states to choose from; bad answers are named and asked again', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Card terminals offline');
    const asked = await shell.as(dave).type(`/crisis service ${key}`, 'paymnts', 'payments', 'degraded', 'card terminals offline in 3 shops');
    expect(asked).toContain(`== Business continuity — ${key} ==`);
    // This plan's functions first (cyber-attack: it-core, public-channels, payments, order-intake), with how each stands.
    expect(asked).toMatch(/Business function — one of: it-core \(Core IT, network and identity — running\), public-channels .*, payments .*, order-intake .*, site-safety/);
    expect(asked).toContain("Business function: 'paymnts' is not allowed; use one of: it-core, public-channels, payments, order-intake, site-safety, customer-service, production, logistics.");
    expect(asked).toContain(`Payments and treasury marked degraded in ${key}. Its RTO (4h) falls at`);
    expect((await findIncident(t.core.db, key))!.continuity).toEqual([expect.objectContaining({ id: 'payments', state: 'degraded', note: 'card terminals offline in 3 shops', outage: 1 })]);
  });

  it('refuses an unknown function and a wrong or missing state, naming the choices', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Website defaced', 'reputation');
    expect(await shell.type(`/crisis service ${key} paymnts down`)).toContain("Function: 'paymnts' is not a business function in continuity.yml; use one of: site-safety, it-core, public-channels, payments, customer-service, order-intake, production, logistics.");
    expect(await shell.type(`/crisis service ${key} payments broken`)).toContain(`State: 'broken' is not one of down, degraded, restored; e.g. /crisis service ${key} payments down.`);
    expect(await shell.type(`/crisis service ${key} payments`)).toContain(`State: say down, degraded or restored; e.g. /crisis service ${key} payments down.`);
    expect((await findIncident(t.core.db, key))!.continuity).toBeUndefined();
  });

  it('resolve is refused while a function is down, listing it; allowed once restored', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Phishing wave');
    // Every earlier step done: this test is about the continuity guard alone (open steps are a guard too).
    await tickStepsBefore(t.core, key, 'resolve', alice);
    await shell.as(alice).type(`/crisis phase ${key} respond`);
    await shell.as(dave).type(`/crisis service ${key} it-core down`);
    await shell.as(dave).type(`/crisis service ${key} payments degraded`);
    const refused = await shell.as(alice).type(`/crisis phase ${key} resolve`);
    expect(refused).toContain(`Not moved to Resolve: ${key} is not ready.`);
    expect(refused).toContain('Business continuity — still not restored: Core IT, network and identity (it-core) (down), Payments and treasury (payments) (degraded).');
    expect(refused).toContain(`The lead may move it anyway with a reason: /crisis phase ${key} resolve REASON (recorded in the timeline).`);
    expect((await findIncident(t.core.db, key))!.status).toBe('respond');
    await shell.as(dave).type(`/crisis service ${key} it-core restored`);
    expect(await shell.as(alice).type(`/crisis phase ${key} resolve`)).toContain('still not restored: Payments and treasury (payments) (degraded).');
    await shell.as(frank).type(`/crisis service ${key} payments restored`);
    expect(await shell.as(alice).type(`/crisis phase ${key} resolve`)).toContain(`${key} is now in phase Resolve`);
    expect((await findIncident(t.core.db, key))!.status).toBe('resolve');
    expect((await readTimeline(t.core.db, key)).some((e) => e.type === 'phase.overridden')).toBe(false);
  });

  it('the lead moves to resolve with a reason although a function is down; the reason and what was down are in the timeline', async () => {
    const shell = shellDriver(t.core);
    const key = await raise(shell, 'Supplier breach');
    await tickStepsBefore(t.core, key, 'resolve', alice);
    await shell.as(alice).type(`/crisis phase ${key} respond`);
    await shell.as(dave).type(`/crisis service ${key} order-intake down`);
    // Someone who is not the lead cannot move the phase at all, reason or not.
    expect(await shell.as(dave).type(`/crisis phase ${key} resolve we are fine`)).toContain('Only the incident lead');
    const moved = await shell.as(alice).type(`/crisis phase ${key} resolve orders go through the partner shop until Monday`);
    expect(moved).toContain(`${key} is now in phase Resolve`);
    const events = await readTimeline(t.core.db, key);
    const override = events.find((e) => e.type === 'phase.overridden')!;
    expect(override.actor).toBe('Alice Placeholder');
    expect(override.data).toMatchObject({ to: 'resolve', reason: 'orders go through the partner shop until Monday', gaps: [{ guard: 'continuity', items: ['order-intake:down'] }] });
    expect(events.indexOf(override)).toBe(events.findIndex((e) => e.type === 'status.changed' && e.data.to === 'resolve') - 1);
    expect(await shell.type(`/crisis timeline ${key}`)).toContain(
      `Alice Placeholder moved ${key} to Resolve with Business continuity — still not restored: Order intake and e-commerce (order-intake) (down). outstanding; reason: orders go through the partner shop until Monday`,
    );
  });

  it('speaks Chinese: the card, the refusal of resolve', async () => {
    const core = await makeCore(await connectDb(db.uri('continuity_zh')), { now: testClock().now, locale: 'zh-CN' });
    const shell = shellDriver(core);
    const key = await raise(shell, '勒索软件');
    const out = await shell.as(dave).type(`/crisis service ${key} payments down 无法收款`);
    expect(out).toContain(`已在 ${key} 中将 支付与资金管理 标记为中断。其恢复时间目标（4h）截止于`);
    expect(out).toContain(`== 业务连续性 — ${key} ==`);
    expect(out).toMatch(/1\. 支付与资金管理（payments）— 中断 0 分钟 — 恢复时间目标 4h：截止 .* — 负责：财务分析师/);
    await shell.as(alice).type(`/crisis phase ${key} respond 步骤同步进行`);
    const refused = await shell.as(alice).type(`/crisis phase ${key} resolve`);
    expect(refused).toContain('业务连续性 — 仍未恢复：支付与资金管理（payments）（中断）。');
  });
});
