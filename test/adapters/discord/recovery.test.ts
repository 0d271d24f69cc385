import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import type { FakeMessage } from '../../fakes/discord/index.ts';
import { interact, raiseIncident, replyOf, ROSTER, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const plain = (m: FakeMessage) => unescape(textOf(m));
const say = async (w: World, options: Record<string, string>, userId: string = ROSTER.lead) => plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'action', options: { key: KEY, ...options }, userId })));

describe('Discord: the recovery plan with the real discord.js client', { timeout: 120_000 }, () => {
  it('sets a goal, adds a step with a goal, records progress and an evaluation; the recovery card is posted once and edited in place', async () => {
    const w = await openWorld('recovery_flow');
    await raiseIncident(w, { title: 'Product recall', type: 'reputation' });
    const room = (await findIncident(w.db, KEY))!.room!.id;

    expect(await say(w, { verb: 'goal', item: 'money', text: 'Sales back' })).toContain("Goal: 'money' is not a recovery goal");
    expect(await say(w, { verb: 'goal', item: 'business', text: 'Production back to 80%' })).toBe(`The Business recovery goal of ${KEY} is set (v1).`);
    expect(await say(w, { verb: 'add', text: 'Restart line 2', owner: 'operations', due: '2026-12-20', goal: 'business' })).toBe(`Action A1 added to ${KEY}; its owner hears when it falls due.`);
    expect(await say(w, { verb: 'progress', item: 'A1', text: '101' })).toContain("Progress: '101' is not a whole number from 0 to 100");
    expect(await say(w, { verb: 'progress', item: 'A1', text: '50' })).toBe(`A1 of ${KEY} is at 50%.`);
    expect(await say(w, { verb: 'evaluate', item: 'business', text: 'partly line 2 at half speed' })).toBe(`The Business goal of ${KEY} is evaluated (v1): partly met.`);
    expect(await say(w, { verb: 'recovery' })).toContain('Business — target: Production back to 80% (v1, alice-lead) — progress 50% over 1 step(s), 0 overdue');
    await w.discord.idle();

    const cards = w.fake.state.messagesIn(room).filter((m) => plain(m).includes(`Recovery plan — ${KEY}`));
    expect(cards).toHaveLength(1);
    expect(plain(cards[0]!)).toContain('A1 · Restart line 2');
    expect(plain(cards[0]!)).toContain('50% done');
    expect(plain(cards[0]!)).toContain('Evaluation v1 by alice-lead: partly met — line 2 at half speed');
    expect((await findIncident(w.db, KEY))!.recoveryMessage?.id).toBe(cards[0]!.data.id);
  });
});
