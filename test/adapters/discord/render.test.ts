import { describe, expect, it } from 'vitest';
import { fitInto, parseCustomId, renderCard, squeeze, type Outgoing } from '../../../adapters/discord/render.ts';
import { clip, escapeMarkdown } from '../../../adapters/discord/text.ts';
import { card, text, type Block, type Card } from '../../../src/ui/card.ts';
import { validateMessage } from '../../fakes/discord/limits.ts';

/** Every rendered message must be one Discord accepts: the fake enforces Discord's documented limits. */
function accepted(messages: Outgoing[]): Outgoing[] {
  for (const m of messages) expect(validateMessage(m as unknown as Record<string, unknown>)).toBeNull();
  return messages;
}
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
const item = (n: number, words = 8): Block => ({
  kind: 'item',
  text: [`☐ ${n}. ${'step '.repeat(words)}— due `, { time: new Date('2026-11-28T10:00:00Z'), style: 'full' }],
  button: { id: 'step.done', label: 'Done', value: `INC-20261128-001:${n}`, style: 'primary' },
});

describe('Discord rendering of neutral cards', () => {
  it('shows user text literally: markdown, mentions, timestamps and list numbers are escaped', () => {
    const typed = '**bold** _it_ ~~x~~ `code` ||spoiler|| > quote # head -# sub @everyone @here <@&13000000000000003> <@13000000000000004> <t:1:R> [link](http://x) \\ 1. x';
    const [m] = accepted(renderCard(card(undefined, [text(typed), text('1. starts a list')])));
    expect(m!.content).not.toMatch(/(^|[^\\])[*_~`|>#@<[]/);
    expect(unescape(m!.content!)).toBe(`${typed}\n1. starts a list`);
    expect(m!.content!.split('\n')[1]).toBe('1\\. starts a list');
    expect(m!.allowed_mentions).toEqual({ parse: [], users: [] });
  });

  it('turns times into <t:…> for every reader, and names people and rooms by mention', () => {
    const at = new Date('2026-11-28T10:00:00Z');
    const s = at.getTime() / 1000;
    const [m] = renderCard(card(undefined, [text('due ', { time: at, style: 'full' }, ' · ', { time: at, style: 'relative' }, ' for ', { user: '1300000000000000400', name: 'alice' }, ' in ', { room: { id: '1300000000000000201', name: 'general' } }, ' and ', { user: 'U-not-discord', name: 'Bob *B*' })]));
    expect(m!.content).toBe(`due <t:${s}:F> (<t:${s}:R>) · <t:${s}:R> for <@1300000000000000400> in <#1300000000000000201> and \\@Bob \\*B\\*`);
    // Only the person the card names on purpose may be notified.
    expect(m!.allowed_mentions).toEqual({ parse: [], users: ['1300000000000000400'] });
  });

  it('puts a summary card in an embed: fields, long values moved into the description, tone as colour', () => {
    const long = 'x'.repeat(1500);
    const [m] = accepted(renderCard(card('INC-1: Fire', [{ kind: 'fields', fields: [{ label: 'Level', value: ['2'] }, { label: 'What happened', value: [long] }, { label: 'Empty', value: [''] }] }], 'danger')));
    const [first, second] = m!.embeds!;
    expect(first).toMatchObject({ title: 'INC\\-1: Fire', color: 0xef4444, fields: [{ name: 'Level', value: '2', inline: true }] });
    expect(second!.description).toBe(`**What happened**\n${long}`);
    expect(second!.fields).toEqual([{ name: 'Empty', value: '\u200b', inline: true }]);
  });

  it('splits a long checklist: ≤ 5 buttons a row, ≤ 5 rows a message, each button with its line, custom_ids unique', () => {
    const c: Card = card('Checklist', [{ kind: 'heading', text: 'Respond' }, ...Array.from({ length: 60 }, (_, i) => item(i + 1))]);
    const messages = accepted(renderCard(c));
    expect(messages).toHaveLength(3);
    const ids = messages.flatMap((m) => (m.components ?? []).flatMap((r) => r.components.map((b) => b.custom_id)));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `step.done:INC-20261128-001:${i + 1}`));
    for (const [n, m] of messages.entries()) {
      expect(m.components!.length).toBeLessThanOrEqual(5);
      for (const row of m.components!) expect(row.components.length).toBeLessThanOrEqual(5);
      // The line of every step whose button a message holds is in that message.
      const lines = m.embeds!.map((e) => e.description).join('\n');
      for (const row of m.components!) for (const b of row.components) expect(lines).toContain(`☐ ${parseCustomId(b.custom_id).value.split(':')[1]}. step`);
      const first = m.components![0]!.components[0]!;
      expect(first.label).toBe(`Done #${n * 25 + 1}`);
    }
    expect(messages[0]!.embeds![0]!.title).toBe('Checklist');
    expect(messages[1]!.embeds![0]!.title).toBeUndefined();
  });

  it('keeps every message within 2000 characters of content and 6000 of embeds, losing no text', () => {
    const lines = Array.from({ length: 90 }, (_, i) => text(`${i}: ${'word '.repeat(40)}`));
    const plain = accepted(renderCard(card('Timeline', lines)));
    expect(plain.length).toBeGreaterThan(1);
    expect(plain.map((m) => m.content).join('\n')).toContain('89: word');
    const embedded = accepted(renderCard(card('Big', [{ kind: 'fields', fields: Array.from({ length: 40 }, (_, i) => ({ label: `F${i}`, value: ['v'.repeat(1000)] })) }])));
    expect(embedded.length).toBeGreaterThan(1);
    expect(embedded.flatMap((m) => m.embeds!.flatMap((e) => e.fields ?? []))).toHaveLength(40);
  });

  it('never cuts inside a <t:…> token, an escape or a surrogate pair', () => {
    expect(clip('abc <t:1795860000:F>', 10)).toBe('abc …');
    expect(clip(escapeMarkdown('ab*cd'), 4)).toBe('ab…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
  });

  it('folds a card edited in place into the messages it was posted in: first and last lines kept, "…" between, buttons kept', () => {
    const sheet = card('Fact sheet', [
      text('Assessment team: erin'),
      ...Array.from({ length: 30 }, (_, i) => text(`? F${i + 1} ${'x'.repeat(150)}`)),
      text('Impact: operations 3/5'),
      { kind: 'actions', buttons: [{ id: 'assess.fact', label: 'Add fact', value: 'INC-20261128-001', style: 'primary' }, { id: 'assess.impact', label: 'Assess impact', value: 'INC-20261128-001' }] },
    ]);
    const parts = renderCard(sheet);
    expect(parts.length).toBeGreaterThan(2);
    expect(fitInto(parts, parts.length)).toBe(parts);
    const [one] = accepted(fitInto(parts, 1));
    const lines = one!.content!.split('\n');
    expect(one!.content!.length).toBeLessThanOrEqual(2000);
    expect(lines.slice(0, 2)).toEqual(['**Fact sheet**', 'Assessment team: erin']);
    expect(lines).toContain('…');
    expect(lines.slice(-2)).toEqual([`? F30 ${'x'.repeat(150)}`, 'Impact: operations 3/5']);
    expect(one!.components![0]!.components.map((b) => b.custom_id)).toEqual(['assess.fact:INC-20261128-001', 'assess.impact:INC-20261128-001']);
    // Two messages: the first stays as it was, the rest folds into the second.
    const two = accepted(fitInto(parts, 2));
    expect(two[0]).toBe(parts[0]);
    expect(two[1]!.content!.split('\n').at(-1)).toBe('Impact: operations 3/5');
    // One line longer than a message: the part of it that fits, never a broken token.
    expect(squeeze(`title\n${'y'.repeat(2500)} <t:1795860000:F>`, 2000)).toMatch(/^title\n…\ny+…$/);
    expect(squeeze('short', 2000)).toBe('short');
  });
});
