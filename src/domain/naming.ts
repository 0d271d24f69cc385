/** INC-YYYYMMDD-NNN, dated in the bot's time zone. */
export function incidentKey(at: Date, n: number): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `INC-${y}${m}${d}-${String(n).padStart(3, '0')}`;
}

export const dayPrefix = (at: Date) => incidentKey(at, 0).slice(0, -3);

export const KEY_PATTERN = /^INC-\d{8}-\d{3,}$/;

const MAX_ROOM = 80;

/**
 * Room names keep to what both Slack and Discord accept: lowercase a-z, 0-9 and '-', at most 80.
 * A title with no Latin letters or digits (e.g. all Chinese) gives just the key.
 */
export function roomName(key: string, title: string): string {
  const base = key.toLowerCase();
  // The first clause names the event ("Warehouse fire, building 3" -> warehouse-fire).
  const clause = title.split(/[,;:()，；：（]/)[0]!;
  const slug = clause
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/[a-z]/.test(slug)) return base;
  const room = `${base}-${slug}`.slice(0, MAX_ROOM);
  // Cut at a word boundary so the name does not end mid-word.
  return room.length < `${base}-${slug}`.length ? room.replace(/-[^-]*$/, '') || base : room;
}
