import { describe, expect, it } from 'vitest';
import { fire, type Msg, room, startWithRoster } from './assessment-flow.ts';
import { KEY, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();
const ALICE = 'U000PLACEHOLDER1';
const MIN = 60_000;

describe('Slack: the drill scorecard, through real Bolt', () => {
  it('posts the scorecard in the war room once when the drill closes, marked DRILL and keyed', async () => {
    const h = await startWithRoster(harness);
    await h.raise({ ...fire(h), drill: 'yes' });
    expect((await h.incident())!.drill).toBe(true);
    const war = room(h);
    h.clock.advance(7 * MIN);
    await h.command(`ack ${KEY}`, ALICE);
    await h.settled();
    for (const p of ['assess', 'respond', 'control', 'resolve', 'review root cause is in the site report', 'closed drill over; the gaps are the lesson']) {
      await h.command(`phase ${KEY} ${p}`, ALICE);
      await h.settled();
    }
    await h.slack.dispatcher.drain();
    await h.settled();
    const cards = (h.messages(war.id) as Msg[]).filter((m) => shown(m.blocks).includes('Drill scorecard'));
    expect(cards).toHaveLength(1);
    const text = shown(cards[0]!.blocks);
    expect(text).toContain(`[DRILL] Drill scorecard: ${KEY} — Safety accident`);
    expect(text).toContain('Time to acknowledge');
    expect(text).toContain('7 min');
    expect(text).toContain('none drafted');
    expect(text).toMatch(/Identify: 1\. .+\(Monitoring group leader\)/);
    expect(text).toContain('No earlier drill of this plan to compare with: this one is the baseline.');
    // Posted with its outbox key, so a retry after a crash finds it instead of posting again.
    expect(JSON.stringify((cards[0] as unknown as { metadata?: unknown }).metadata ?? {})).toContain(`${KEY}:drill-scorecard`);

    // Draining again (a retry, another replica) posts nothing more.
    await h.slack.dispatcher.drain();
    expect((h.messages(war.id) as Msg[]).filter((m) => shown(m.blocks).includes('Drill scorecard'))).toHaveLength(1);
  });
});
