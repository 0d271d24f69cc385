// Card -> Block Kit: escaping, Slack's own date and mention formatting, and splitting within the
// limits the fake enforces (checked with the fake's validator).
import { describe, expect, it } from 'vitest';
import { buttonIdOf, cardBlocks, fallbackText, toMessage, toMessages } from '../../../adapters/slack/render.ts';
import { escapeMrkdwn } from '../../../adapters/slack/text.ts';
import { card, text, type Block, type Card } from '../../../src/ui/card.ts';
import { validateBlocks } from '../../fakes/slack/index.ts';
import { textsOf } from './harness.ts';

const at = new Date('2026-11-28T09:30:00Z');
const item = (n: number): Block => ({ kind: 'item', text: [`☐ ${n}. step `, { time: at }], button: { id: 'step.done', label: 'Done', value: `INC-20261128-001:${n}`, style: 'primary' } });

describe('Slack rendering of cards', () => {
  it("escapes &, < and > in mrkdwn and writes people, rooms and times Slack's way", () => {
    const blocks = cardBlocks(card(undefined, [text('<!here> & <@U9> by ', { user: 'U0ALICE', name: 'alice' }, ' in ', { room: { id: 'C0ROOM', name: 'inc-1' } }, ' at ', { time: at }, ' (', { time: at, style: 'relative' }, ')')]));
    expect(textsOf(blocks)).toEqual([
      {
        type: 'mrkdwn',
        text: '&lt;!here&gt; &amp; &lt;@U9&gt; by <@U0ALICE> in <#C0ROOM> at <!date^1795858200^{date_short_pretty} {time}|2026-11-28 09:30 UTC> (<!date^1795858200^{ago}|2026-11-28 09:30 UTC>)',
      },
    ]);
    expect(blocks[0]).toMatchObject({ text: { verbatim: true } });
  });

  it('sends text that mrkdwn would format as plain_text, so *bold*, _x_ and `code` show as typed', () => {
    const blocks = cardBlocks(card(undefined, [text('*bold* <http://x|y>'), text('nothing special')], 'success'));
    expect(textsOf(blocks)).toEqual([
      { type: 'plain_text', text: '✅ *bold* <http://x|y>' },
      { type: 'mrkdwn', text: 'nothing special' },
    ]);
  });

  it('gives a title-less card its tone unless its first line opens with a symbol of its own', () => {
    const first = (c: Card) => textsOf(cardBlocks(c))[0]?.text;
    expect(first(card(undefined, [text('Could not send a DM')], 'warning'))).toBe('⚠️ Could not send a DM');
    expect(first(card(undefined, [text("⚠ Step 1 'Call' is overdue — reminded ", { user: 'U1' })], 'warning'))).toBe("⚠ Step 1 'Call' is overdue — reminded <@U1>");
    expect(first(card(undefined, [text('✅ INC-1 acknowledged by Alice.')], 'success'))).toBe('✅ INC-1 acknowledged by Alice.');
    expect(first(card(undefined, [text('[DRILL] ', '⏰ No status update')], 'warning'))).toBe('[DRILL] ⏰ No status update');
    expect(first(card(undefined, [text('[DRILL] Could not send a DM')], 'warning'))).toBe('⚠️ [DRILL] Could not send a DM');
    expect(first(card(undefined, [text('1 step overdue')], 'warning'))).toBe('⚠️ 1 step overdue');
  });

  it('splits long text into sections of 3000 without cutting an escape apart', () => {
    const long = `${'a'.repeat(2998)}<b>${' word'.repeat(1000)}`;
    const blocks = cardBlocks(card(undefined, [text({ user: 'U1' }, long)]));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const parts = textsOf(blocks).map((t) => t.text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('')).toBe(`<@U1>${escapeMrkdwn(long)}`);
    for (const p of parts) expect(p).not.toMatch(/&(l|lt|g|gt|a|am|amp)?$|^(lt|gt|amp|t|p|mp);/);
  });

  it('groups fields ten to a section and gives a value too long for a field its own sections', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: [`v${i}`] }));
    fields.splice(5, 0, { label: 'What happened', value: ['x'.repeat(2500)] });
    const blocks = cardBlocks(card('T', [{ kind: 'fields', fields }]));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks.map((b) => (b.type === 'section' ? (b.fields ? `fields:${b.fields.length}` : 'text') : b.type))).toEqual(['header', 'fields:5', 'text', 'text', 'fields:7']);
  });

  it('keeps a header within 150 characters and repeats a longer title beneath it', () => {
    const title = 'T'.repeat(200);
    const blocks = cardBlocks(card(title, [], 'danger'));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringMatching(/^🚨 T+…$/) } });
    expect(textsOf(blocks)[1]?.text).toBe(title);
  });

  it('packs cards into messages of at most 50 blocks with unique action ids, which map back to the button', () => {
    const cards: Card[] = [card('Checklist', Array.from({ length: 120 }, (_, i) => item(i + 1)))];
    const messages = toMessages(cards);
    expect(messages.map((m) => m.blocks.length)).toEqual([50, 50, 21]);
    for (const m of messages) {
      expect(validateBlocks(m.blocks, 'message')).toEqual([]);
      expect(m.text).toBe('Checklist');
    }
    const ids = messages[0]!.blocks.flatMap((b) => (b.type === 'section' && b.accessory?.type === 'button' ? [b.accessory.action_id] : []));
    expect(ids.slice(0, 3)).toEqual(['step.done:1', 'step.done:2', 'step.done:3']);
    expect(ids.map((id) => buttonIdOf(id ?? '')).every((id) => id === 'step.done')).toBe(true);
    // An update replaces one message: the first 50 blocks, and how many were left out.
    expect(toMessage(cards[0]!)).toMatchObject({ dropped: 71 });
  });

  it('gives notifications an escaped fallback text', () => {
    expect(fallbackText(card('Fire <!channel> & smoke', []))).toBe('Fire &lt;!channel&gt; &amp; smoke');
    expect(fallbackText(card(undefined, [text('Ping ', { user: 'U1', name: 'carol' })]))).toBe('Ping @carol');
  });
});
