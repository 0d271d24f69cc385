import type { types } from '@slack/bolt';
import type { Block, Button, Card, Rich } from '../../src/ui/card.ts';
import { chunk, clip, escapeMrkdwn, fallbackOf, mrkdwn, mrkdwnPieces, needsPlain, plainText, textObjects, type TextObject } from './text.ts';

export type SlackBlock = types.KnownBlock;
export type SlackMessage = { text: string; blocks: SlackBlock[] };

/** Block Kit limits this renderer keeps to (research/slack.md §4; the fake enforces the same). */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  section: 3000,
  field: 2000,
  fieldsPerSection: 10,
  header: 150,
  button: 75,
  buttonValue: 2000,
  actions: 25,
  fallback: 3000,
} as const;

const TONE: Record<NonNullable<Card['tone']>, string> = { info: 'ℹ️', success: '✅', warning: '⚠️', danger: '🚨' };

const section = (text: TextObject, accessory?: types.Button): types.SectionBlock => ({ type: 'section', text, ...(accessory ? { accessory } : {}) });

function button(b: Button): types.Button {
  return {
    type: 'button',
    // Made unique per message when the message is packed (see `numberButtons`).
    action_id: b.id,
    text: plainText(clip(b.label, LIMITS.button)),
    value: b.value.slice(0, LIMITS.buttonValue),
    ...(b.style ? { style: b.style } : {}),
  };
}

function titleBlocks(title: string, tone: Card['tone']): SlackBlock[] {
  const full = tone ? `${TONE[tone]} ${title}` : title;
  const blocks: SlackBlock[] = [{ type: 'header', text: plainText(clip(full, LIMITS.header)) }];
  // A header holds 150 characters; a longer title is repeated whole beneath it.
  if (full.length > LIMITS.header) blocks.push(...chunk([...title], LIMITS.section).map((t) => section(plainText(t))));
  return blocks;
}

function fieldText(label: string, value: Rich): TextObject[] {
  if (needsPlain(value)) return chunk([...`${label}\n${(value as string[]).join('')}`], LIMITS.field).map(plainText);
  return chunk([`*${escapeMrkdwn(label)}*`, '\n', ...mrkdwnPieces(value)], LIMITS.field).map(mrkdwn);
}

function fieldsBlocks(fields: { label: string; value: Rich }[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let group: TextObject[] = [];
  const flush = () => {
    if (group.length) out.push({ type: 'section', fields: group });
    group = [];
  };
  for (const f of fields) {
    const parts = fieldText(f.label, f.value);
    // A value too long for one field (2000) becomes its own sections (3000 each).
    if (parts.length > 1) {
      flush();
      const label = `*${escapeMrkdwn(f.label)}*`;
      out.push(section(mrkdwn(label)), ...textObjects(f.value, LIMITS.section).map((t) => section(t)));
      continue;
    }
    group.push(parts[0]!);
    if (group.length === LIMITS.fieldsPerSection) flush();
  }
  flush();
  return out;
}

function blockToSlack(b: Block): SlackBlock[] {
  switch (b.kind) {
    case 'heading':
      return [section(needsPlain([b.text]) ? plainText(clip(b.text, LIMITS.section)) : mrkdwn(`*${escapeMrkdwn(clip(b.text, LIMITS.section - 2))}*`))];
    case 'text':
      return textObjects(b.text, LIMITS.section).map((t) => section(t));
    case 'fields':
      return fieldsBlocks(b.fields);
    case 'item': {
      const [first, ...rest] = textObjects(b.text, LIMITS.section);
      return [section(first ?? plainText(' '), b.button && button(b.button)), ...rest.map((t) => section(t))];
    }
    case 'actions': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < b.buttons.length; i += LIMITS.actions) out.push({ type: 'actions', elements: b.buttons.slice(i, i + LIMITS.actions).map(button) });
      return out;
    }
    case 'divider':
      return [{ type: 'divider' }];
  }
}

// A line that opens with a symbol of its own (⚠, ⏰, ✅ …, perhaps after a tag such as [DRILL]).
const OWN_SYMBOL = /^(\[[^\]]*\] )?\p{Extended_Pictographic}/u;

/** One card as blocks, each block within its own limits; the count is not limited here. */
export function cardBlocks(card: Card): SlackBlock[] {
  const blocks = card.title ? titleBlocks(card.title, card.tone) : [];
  card.blocks.forEach((b, i) => {
    // A title-less card shows its tone on its first line, unless that line already opens with its own symbol.
    const toned = !card.title && card.tone && i === 0 && b.kind === 'text' && !OWN_SYMBOL.test(fallbackOf(b.text)) ? { ...b, text: [`${TONE[card.tone]} `, ...b.text] } : b;
    blocks.push(...blockToSlack(toned));
  });
  return blocks;
}

/** Notification text for a card: Slack shows it where blocks cannot be shown. */
export function fallbackText(card: Card): string {
  const first = card.title ? [card.title] : (card.blocks.find((b) => b.kind === 'text' || b.kind === 'item') as { text: Rich } | undefined)?.text;
  return escapeMrkdwn(clip(fallbackOf(first ?? [' ']), LIMITS.fallback)) || ' ';
}

/** action_ids must be unique within a message: `step.done` becomes `step.done:1`, `step.done:2`, … */
function numberButtons(blocks: SlackBlock[]): SlackBlock[] {
  let n = 0;
  const number = (e: types.Button) => ({ ...e, action_id: `${e.action_id}:${++n}` });
  return blocks.map((b) => {
    if (b.type === 'section' && b.accessory?.type === 'button') return { ...b, accessory: number(b.accessory) };
    if (b.type === 'actions') return { ...b, elements: b.elements.map((e) => (e.type === 'button' ? number(e) : e)) };
    return b;
  });
}

/** The button id a rendered action_id came from. */
export const buttonIdOf = (actionId: string) => actionId.replace(/:\d+$/, '');

/**
 * Packs cards into as few messages as Block Kit allows (`maxBlocks` per message); a card too
 * big for one message continues in the next.
 */
export function toMessages(cards: readonly Card[], maxBlocks: number = LIMITS.messageBlocks): SlackMessage[] {
  const out: SlackMessage[] = [];
  let cur: SlackMessage | undefined;
  for (const card of cards) {
    const text = fallbackText(card);
    for (const block of cardBlocks(card)) {
      if (!cur || cur.blocks.length >= maxBlocks) out.push((cur = { text, blocks: [] }));
      cur.blocks.push(block);
    }
  }
  return out.map((m) => ({ ...m, blocks: numberButtons(m.blocks) }));
}

/** One card as exactly one message (updates replace one message): blocks beyond the limit are dropped. */
export function toMessage(card: Card): SlackMessage & { dropped: number } {
  const blocks = cardBlocks(card);
  return { text: fallbackText(card), blocks: numberButtons(blocks.slice(0, LIMITS.messageBlocks)), dropped: Math.max(0, blocks.length - LIMITS.messageBlocks) };
}
