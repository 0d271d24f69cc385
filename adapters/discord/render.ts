import {
  ButtonStyle, ComponentType,
  type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed,
} from 'discord.js';
import type { Button, Card, Rich } from '../../src/ui/card.ts';
import { chunk, clip, clipPlain, escapeMarkdown, richText, type InlineOptions } from './text.ts';

/** Discord's documented message limits (DAD resources/message.mdx, components/reference.mdx). */
export const LIMITS = {
  content: 2000, title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25,
  embedTotal: 6000, embeds: 10, rows: 5, buttonsPerRow: 5, label: 80, customId: 100,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;
/** Pings nobody but the people the card names on purpose; never @everyone, @here or a role. */
export type Mentions = { parse: []; users: string[] };
/** One message as Discord's REST API takes it. */
export type Outgoing = { content?: string; embeds?: APIEmbed[]; components?: ButtonRow[]; allowed_mentions: Mentions };

const COLORS: Record<NonNullable<Card['tone']>, number> = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, danger: 0xef4444 };
const STYLES = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;
const EMPTY_FIELD = '\u200b';

/** `step.done` + `INC-…:3` → `step.done:INC-…:3`; the first `:` separates them again. */
export const customId = (b: Pick<Button, 'id' | 'value'>) => `${b.id}:${b.value}`;
export function parseCustomId(id: string): { id: string; value: string } {
  const at = id.indexOf(':');
  return at < 0 ? { id, value: '' } : { id: id.slice(0, at), value: id.slice(at + 1) };
}

function buttonComponent(b: Button, label = b.label): APIButtonComponentWithCustomId {
  const id = customId(b);
  if (id.length > LIMITS.customId) throw new Error(`button custom_id over ${LIMITS.customId} characters: ${id.slice(0, 40)}…`);
  return { type: ComponentType.Button, custom_id: id, label: clipPlain(label, LIMITS.label), style: b.style ? STYLES[b.style] : ButtonStyle.Secondary };
}

/** An item's button names its step ("Done #3"): ten "Done" buttons under a list would be ambiguous. */
function itemButtonLabel(text: Rich, b: Button): string {
  const first = text.find((p): p is string => typeof p === 'string') ?? '';
  const n = /(\d+)\.\s/.exec(first)?.[1];
  return n ? `${b.label} #${n}` : b.label;
}

type Building = { content: string[]; embeds: APIEmbed[]; buttons: APIButtonComponentWithCustomId[]; size: number; mentioned: Set<string> };

/**
 * Packs a card into as few messages as the limits allow, in order. Text that would overflow
 * an embed moves to the next embed, then the next message; an item's line and its button
 * always land in the same message.
 */
class Packer {
  private readonly done: Building[] = [];
  private msg: Building = Packer.blank();
  private embed?: APIEmbed;
  private titleUsed = false;

  constructor(
    private readonly embedMode: boolean,
    private readonly title: string | undefined,
    private readonly color: number | undefined,
  ) {}

  private static blank(): Building {
    return { content: [], embeds: [], buttons: [], size: 0, mentioned: new Set() };
  }

  private newMessage(): void {
    this.done.push(this.msg);
    this.msg = Packer.blank();
    this.embed = undefined;
  }

  private newEmbed(): APIEmbed {
    if (this.msg.embeds.length === LIMITS.embeds) this.newMessage();
    const embed: APIEmbed = this.color === undefined ? {} : { color: this.color };
    if (this.title && !this.titleUsed) {
      embed.title = clip(escapeMarkdown(this.title), LIMITS.title);
      this.titleUsed = true;
      if (this.msg.size + embed.title.length > LIMITS.embedTotal) this.newMessage();
      this.msg.size += embed.title.length;
    }
    this.msg.embeds.push(embed);
    this.embed = embed;
    return embed;
  }

  line(text: string, mentioned: Set<string> = new Set()): void {
    return this.embedMode ? this.embedLine(text) : this.contentLine(text, mentioned);
  }

  private contentLine(text: string, mentioned: Set<string>): void {
    for (const piece of chunk(text, LIMITS.content)) {
      const current = this.msg.content.join('\n');
      if (this.msg.content.length && current.length + 1 + piece.length > LIMITS.content) this.newMessage();
      this.msg.content.push(piece);
      for (const id of mentioned) this.msg.mentioned.add(id);
    }
  }

  private embedLine(text: string): void {
    for (const piece of chunk(text, LIMITS.description)) {
      let embed = this.embed;
      // A description shows above the fields, so text after fields needs an embed of its own.
      if (!embed || embed.fields?.length || (embed.description ?? '').length + 1 + piece.length > LIMITS.description) embed = this.newEmbed();
      if (this.msg.size + piece.length + 1 > LIMITS.embedTotal) {
        this.newMessage();
        embed = this.newEmbed();
      }
      embed.description = embed.description === undefined ? piece : `${embed.description}\n${piece}`;
      this.msg.size += piece.length + 1;
    }
  }

  field(name: string, value: string, inline: boolean): void {
    let embed = this.embed ?? this.newEmbed();
    if ((embed.fields?.length ?? 0) === LIMITS.fields) embed = this.newEmbed();
    const size = name.length + value.length;
    if (this.msg.size + size > LIMITS.embedTotal) {
      this.newMessage();
      embed = this.newEmbed();
    }
    (embed.fields ??= []).push({ name, value, inline });
    this.msg.size += size;
  }

  /** Makes room so that the next line and its button share a message. */
  reserveButton(): void {
    if (this.msg.buttons.length === LIMITS.rows * LIMITS.buttonsPerRow) this.newMessage();
  }

  button(b: APIButtonComponentWithCustomId): void {
    this.reserveButton();
    this.msg.buttons.push(b);
  }

  finish(): Outgoing[] {
    this.done.push(this.msg);
    return this.done.filter((m) => m.content.length || m.embeds.length || m.buttons.length).map((m) => {
      const out: Outgoing = { allowed_mentions: { parse: [], users: [...m.mentioned].slice(0, 100) } };
      const content = m.content.join('\n').replace(/\n+$/, '');
      if (content) out.content = content;
      const embeds = m.embeds.map((e) => ({ ...e, ...(e.description !== undefined ? { description: e.description.replace(/\n+$/, '') || EMPTY_FIELD } : {}) }));
      if (embeds.length) out.embeds = embeds;
      if (m.buttons.length) {
        out.components = [];
        for (let i = 0; i < m.buttons.length; i += LIMITS.buttonsPerRow) {
          out.components.push({ type: ComponentType.ActionRow, components: m.buttons.slice(i, i + LIMITS.buttonsPerRow) });
        }
      }
      return out;
    });
  }
}

/**
 * A neutral card as Discord messages. Cards with fields or checklist items become embeds (the
 * summary, the checklist) with Done/Reopen buttons below; short replies and notices become
 * plain content, where mentions of people can notify them — and nothing else can.
 */
export function renderCard(card: Card, opts: InlineOptions = {}): Outgoing[] {
  const embedMode = card.blocks.some((b) => b.kind === 'fields' || b.kind === 'item');
  const p = new Packer(embedMode, card.title, card.tone ? COLORS[card.tone] : undefined);
  if (card.title && !embedMode) p.line(`**${escapeMarkdown(card.title)}**`);
  for (const b of card.blocks) {
    switch (b.kind) {
      case 'heading':
        p.line(`**${escapeMarkdown(b.text)}**`);
        break;
      case 'text': {
        const mentioned = new Set<string>();
        p.line(richText(b.text, mentioned, opts), mentioned);
        break;
      }
      case 'fields':
        for (const f of b.fields) {
          const mentioned = new Set<string>();
          const name = escapeMarkdown(f.label);
          const value = richText(f.value, mentioned, opts);
          if (embedMode && value.length <= LIMITS.fieldValue && name.length <= LIMITS.fieldName) {
            p.field(name, value || EMPTY_FIELD, value.length <= 48 && !value.includes('\n'));
          } else p.line(`**${name}**\n${value}`, mentioned);
        }
        break;
      case 'item':
        if (b.button) p.reserveButton();
        p.line(richText(b.text, new Set(), opts));
        if (b.button) p.button(buttonComponent(b.button, itemButtonLabel(b.text, b.button)));
        break;
      case 'actions':
        for (const button of b.buttons) p.button(buttonComponent(button));
        break;
      case 'divider':
        p.line('');
        break;
    }
  }
  return p.finish();
}

export const renderCards = (cards: readonly Card[], opts: InlineOptions = {}): Outgoing[] => cards.flatMap((c) => renderCard(c, opts));

/**
 * Text of at most `max` that keeps the first line (the title) and as many of the last lines as
 * fit, then more of the first ones, with "…" where lines were left out. A sheet that grows at
 * its end (the latest facts, the impact, a suggestion) keeps its heading and its news.
 */
export function squeeze(s: string, max: number): string {
  if (s.length <= max) return s;
  const lines = s.split('\n');
  const GAP = '…';
  const first = clip(lines[0] ?? '', max - GAP.length - 1);
  let room = max - first.length - GAP.length - 1;
  const tail: string[] = [];
  let k = lines.length - 1;
  for (; k > 0; k--) {
    const line = lines[k]!;
    if (line.length + 1 <= room) {
      tail.unshift(line);
      room -= line.length + 1;
      continue;
    }
    // The last line alone is too long: the part of it that fits rather than nothing.
    if (!tail.length && room > 1) {
      const cut = clip(line, room - 1);
      tail.unshift(cut);
      room -= cut.length + 1;
    }
    break;
  }
  const head = [first];
  for (let h = 1; h < k && lines[h]!.length + 1 <= room; h++) {
    head.push(lines[h]!);
    room -= lines[h]!.length + 1;
  }
  return [...head, GAP, ...tail].join('\n');
}

/**
 * A card edited in place has only the messages it was first posted in (another cannot join an
 * existing message reference later). When the card outgrew them, the parts that no longer fit
 * fold into the last message: text squeezed (first and last lines kept), embeds and buttons
 * dropped from the middle until Discord's limits hold. The buttons at the end of a card — the
 * fact sheet's Add fact, Change level… — stay usable; the whole card remains one command away.
 */
export function fitInto(parts: Outgoing[], n: number): Outgoing[] {
  if (n < 1 || parts.length <= n) return parts;
  const rest = parts.slice(n - 1);
  const folded: Outgoing = { allowed_mentions: { parse: [], users: [...new Set(rest.flatMap((p) => p.allowed_mentions.users))].slice(0, 100) } };
  const content = rest.map((p) => p.content).filter((c): c is string => !!c).join('\n');
  if (content) folded.content = squeeze(content, LIMITS.content);
  const embeds = rest.flatMap((p) => p.embeds ?? []);
  const size = (e: APIEmbed) => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((a, f) => a + f.name.length + f.value.length, 0);
  while (embeds.length > LIMITS.embeds || embeds.reduce((a, e) => a + size(e), 0) > LIMITS.embedTotal) embeds.splice(Math.floor(embeds.length / 2), 1);
  if (embeds.length) folded.embeds = embeds;
  const buttons = rest.flatMap((p) => (p.components ?? []).flatMap((row) => row.components));
  while (buttons.length > LIMITS.rows * LIMITS.buttonsPerRow) buttons.splice(Math.floor(buttons.length / 2), 1);
  if (buttons.length) {
    folded.components = [];
    for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) folded.components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return [...parts.slice(0, n - 1), folded];
}
