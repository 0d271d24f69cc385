import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { interact, messageBodies, raiseIncident, ROSTER, textOf, unescape, useWorlds } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const MIN = 60_000;

describe('Discord: the drill scorecard, with the real discord.js client', { timeout: 120_000 }, () => {
  it('posts the scorecard in the war room once when the drill closes, marked DRILL, with its nonce', async () => {
    const w = await openWorld('drill_scorecard');
    await raiseIncident(w, { title: 'Evacuation exercise', type: 'safety-accident', drill: 'yes' });
    const incident = (await findIncident(w.db, KEY))!;
    expect(incident.drill).toBe(true);
    const room = incident.room!.id;
    w.clock.advance(9 * MIN);
    const as = { channelId: room, userId: ROSTER.lead };
    await interact(w, { kind: 'slash', subcommand: 'ack', options: { key: KEY }, ...as });
    for (const phase of ['assess', 'respond', 'control', 'resolve', 'review', 'closed']) await interact(w, { kind: 'slash', subcommand: 'phase', options: { key: KEY, phase, ...(phase === 'closed' ? { reason: 'drill over; the gaps are the lesson' } : phase === 'review' ? { reason: 'root cause is in the site report' } : {}) }, ...as });
    await w.discord.idle();

    const cards = w.fake.state.messagesIn(room).filter((m) => unescape(textOf(m)).includes('Drill scorecard'));
    expect(cards).toHaveLength(1);
    const shown = unescape(textOf(cards[0]!));
    expect(shown).toContain(`[DRILL] Drill scorecard: ${KEY} — Safety accident`);
    expect(shown).toContain('Time to acknowledge');
    expect(shown).toContain('9 min');
    expect(shown).toContain('none drafted');
    expect(shown).toContain('No earlier drill of this plan to compare with: this one is the baseline.');
    // Posted with a nonce the outbox derives from its entry, so a retry is found rather than posted twice.
    const posts = messageBodies(w).filter((b) => JSON.stringify(b.body).includes('Drill scorecard'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ enforce_nonce: true });
    expect(typeof posts[0]!.body.nonce).toBe('string');
  });
});
