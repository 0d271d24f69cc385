import type { ChainedEvent } from '../domain/timeline.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import { text, type Block } from '../ui/card.ts';

/**
 * The war room's copy of the record's head (issue 12: anchors outside the database): the pinned
 * summary shows the last event's number and the start of its hash, as of its latest redraw.
 * The platform keeps that message where the database cannot rewrite it, so a cut tail (the
 * audit's head below the pinned number) or a rewrite (another hash at that number) is visible to
 * anyone in the room next to `crisis-bot audit KEY`, which prints the head in the same words.
 */
export const HASH_SHOWN = 12;

export type Head = { seq: number; hash: string };

export const headOf = (e: ChainedEvent | null | undefined): Head | undefined => (e ? { seq: e.seq, hash: e.hash.slice(0, HASH_SHOWN) } : undefined);

export function recordLine(locale: Locale, key: string, head: Head | undefined): Block[] {
  return head ? [text(t(locale, 'summary.record', { seq: head.seq, hash: head.hash, key }))] : [];
}
