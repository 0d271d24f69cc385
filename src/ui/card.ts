/**
 * Platform-neutral messages. Every string here is plain text — never markup — so each
 * adapter escapes it for its platform and user text can never ping or format anything.
 * Times and people are structured so each platform can show them in the reader's own way.
 */
export type Inline = string | { time: Date; style?: 'full' | 'relative' } | { user: string; name?: string } | { room: RoomLink };
export type RoomLink = { id: string; name: string; url?: string };
export type Rich = Inline[];

export type Button = { id: string; label: string; value: string; style?: 'primary' | 'danger' };

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: Rich }
  | { kind: 'fields'; fields: { label: string; value: Rich }[] }
  | { kind: 'item'; text: Rich; button?: Button }
  | { kind: 'actions'; buttons: Button[] }
  | { kind: 'divider' };

export type Card = { title?: string; tone?: 'info' | 'success' | 'warning' | 'danger'; blocks: Block[] };

export const text = (...parts: Inline[]): Block => ({ kind: 'text', text: parts });
export const card = (title: string | undefined, blocks: Block[], tone?: Card['tone']): Card => ({ title, blocks, tone });
/** A one-line reply. */
export const note = (message: string, tone?: Card['tone']): Card => ({ blocks: [text(message)], tone });

/** Plain-text fallback of an inline run (notifications, logs, tests). */
export function plain(rich: Rich, fmtTime: (d: Date, style?: 'full' | 'relative') => string = (d) => d.toISOString()): string {
  return rich
    .map((p) => (typeof p === 'string' ? p : 'time' in p ? fmtTime(p.time, p.style) : 'user' in p ? `@${p.name ?? p.user}` : `#${p.room.name}`))
    .join('');
}
