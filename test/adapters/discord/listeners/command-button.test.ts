// A button payload is held to the declaration of the command it stands for: a forged or malformed
// one (unknown button, wrong argument type, a part missing or extra, over-long) gets exactly the
// answer an unknown button gets, and changes nothing.
import { describe, expect, it } from 'vitest';
import type { Card } from '../../../../src/ui/card.ts';
import { readTimeline } from '../../../../src/store/timeline.ts';
import { IDS } from '../../../fakes/discord/index.ts';
import { interact, raiseIncident, replyOf, textOf, unescape, useWorlds } from '../support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';

describe('Discord: forged or malformed button payloads are refused like an unknown button', { timeout: 120_000 }, () => {
  it('answers every one with "no longer active" and runs no command', async () => {
    const w = await openWorld('forged_buttons');
    await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident' });
    const forged = [
      `step.done:${KEY}:x`, // a step number that is not one
      `step.done:${KEY}:1:2`, // an extra part
      `step.done:${KEY}`, // a part missing
      `incident.ack:${KEY}:1`,
      `fact.verify:${KEY}:3`, // a fact id that is not one
      `level.change:${KEY}:5`,
      'step.done:inc-20261128-001:1', // not a key as the bot writes it
    ];
    const button = (customId: string) => ({ id: customId.slice(0, customId.indexOf(':')), value: customId.slice(customId.indexOf(':') + 1), label: 'x' });
    const card: Card = { blocks: [{ kind: 'actions', buttons: ['step.delete:1', ...forged].map(button) }] };
    const dm = await w.discord.port.dm(IDS.bob, card);
    const answerTo = async (customId: string) => unescape(textOf(replyOf(w, await interact(w, { kind: 'button', messageId: dm.id, customId }))));
    const unknown = await answerTo('step.delete:1');
    expect(unknown).toBe('This button is no longer active.');
    for (const id of forged) expect(await answerTo(id), id).toBe(unknown);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'step.done' || e.type === 'incident.acked' || e.type === 'level.changed')).toEqual([]);
  });
});
