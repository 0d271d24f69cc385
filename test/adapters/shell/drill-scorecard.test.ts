import { describe, expect, it } from 'vitest';
import { connectDb, makeCore, testClock, useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const clock = testClock(new Date('2026-11-28T10:00:00Z'));
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };
const MIN = 60_000;

/** A drill run on the terminal: raised, acknowledged by the lead after some minutes, some steps ticked, then phased to closed. */
async function drill(shell: ReturnType<typeof shellDriver>, title: string, ackAfterMin: number, ticks: number[]): Promise<{ key: string; closed: string }> {
  const out = await shell.type(`/crisis raise title="${title}" type=reputation drill=yes`, '/skip');
  const key = out.match(/(INC-\d{8}-\d{3})/)![1]!;
  const lead = shell.as(alice);
  clock.advance(ackAfterMin * MIN);
  await lead.type(`/crisis ack ${key}`);
  for (const n of ticks) await lead.type(`/crisis tick ${key} ${n}`);
  let closed = '';
  for (const p of ['assess', 'respond', 'control', 'resolve', 'review root cause is in the site report', 'closed drill over; the gaps are the lesson']) closed = await lead.type(`/crisis phase ${key} ${p}`);
  return { key, closed };
}

const lines = (out: string) => out.split('\n').map((l) => l.replace(/^\[#[^\]]+\] /, ''));

describe('the drill scorecard on the terminal', () => {
  it('is posted in the war room when a drill closes, and the next drill of the plan is compared with it', async () => {
    const shell = shellDriver(t.core);
    const first = await drill(shell, 'Rumour drill one', 5, [1]);
    const card1 = lines(first.closed);
    expect(card1).toContain(`== [DRILL] Drill scorecard: ${first.key} — Reputation crisis ==`);
    expect(card1).toContain('Time to acknowledge: 5 min');
    // Only step 1 was due at the close (5 min in); it was done on time.
    expect(card1).toContain('Steps on time: 100 % (1 of 1 due)');
    expect(card1).toContain('Statements approved in time: none drafted');
    expect(card1).toContain('Gaps: 13 steps never done');
    expect(card1).toContain('Identify: 2. Check the claims against internal facts and records (Monitoring group leader)');
    expect(card1.find((l) => l.startsWith('Respond: '))).toContain('6. Publish the first statement on the agreed channels (Communications lead)');
    expect(card1).toContain('No earlier drill of this plan to compare with: this one is the baseline.');

    // A real incident of the same plan closes without a scorecard and is never compared with.
    const real = await shell.type('/crisis raise title="Real rumour" type=reputation', '/skip');
    const realKey = real.match(/(INC-\d{8}-\d{3})/)![1]!;
    let realClosed = '';
    for (const p of ['assess', 'respond', 'control', 'resolve', 'review root cause is in the site report', 'closed drill over; the gaps are the lesson']) realClosed = await shell.as(alice).type(`/crisis phase ${realKey} ${p}`);
    expect(realClosed).toContain('Closed');
    expect(realClosed).not.toContain('scorecard');

    // A day later, slower to acknowledge, three steps ticked; the first drill is judged as it stood at its close.
    clock.advance(24 * 60 * MIN);
    const second = await drill(shell, 'Rumour drill two', 12, [1, 2, 3]);
    const card2 = lines(second.closed);
    expect(card2).toContain('Time to acknowledge: 12 min');
    expect(card2).toContain('Steps on time: 100 % (3 of 3 due)');
    expect(card2).toContain('Gaps: 11 steps never done');
    expect(card2).toContain(`vs ${first.key} (2026-11-28): acknowledge 12 min (was 5 min, +7 min ▼ worse); steps on time 100 % (was 100 %, ±0 pts = same); statements in time: not comparable; gaps 11 (was 13, −2 ▲ better)`);

    // /crisis report KEY shows the same figures.
    const report = lines(await shell.type(`/crisis report ${second.key}`));
    expect(report).toContain('-- Drill scorecard --');
    for (const l of ['Time to acknowledge: 12 min', 'Steps on time: 100 % (3 of 3 due)', 'Statements approved in time: none drafted', 'Gaps: 11 steps never done']) expect(report).toContain(l);
    expect(report.find((l) => l.startsWith(`vs ${first.key}`))).toContain('+7 min ▼ worse');
    // A real incident's report has no scorecard.
    expect(await shell.type(`/crisis report ${realKey}`)).not.toContain('Drill scorecard');
  });

  it('speaks Chinese to a zh-CN terminal', async () => {
    const conn = await connectDb(t.db.local.uri.replace(/\/crisis$/, '/scorecard_zh'));
    const core = await makeCore(conn, { now: clock.now, locale: 'zh-CN' });
    try {
      const shell = shellDriver(core);
      const { key, closed } = await drill(shell, '谣言演练', 3, [1]);
      const card = lines(closed);
      expect(card.find((l) => l.includes('演练评分卡'))).toContain(`演练评分卡：${key}`);
      expect(card).toContain('确认用时: 3 分钟');
      expect(card).toContain('按时审批的声明: 未起草声明');
      expect(card).toContain('本预案此前没有可比较的演练：本次作为基准。');
    } finally {
      await core.db.close();
    }
  });
});
