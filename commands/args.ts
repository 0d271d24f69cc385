/** `title="Warehouse fire" type=safety-accident 12` → named and positional arguments. */
export type ParsedArgs = { named: [string, string][]; positional: string[]; unreadable?: string };

const TOKEN = /\s*(?:([A-Za-z_][\w-]*)=)?(?:"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+))/y;

export function parseArgs(input: string): ParsedArgs {
  const out: ParsedArgs = { named: [], positional: [] };
  const text = input.trim();
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      out.unreadable = text.slice(start).trim();
      break;
    }
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    // An opening quote with no closing one is a typing slip; say so rather than guess.
    if (m[5] !== undefined && /^(\w[\w-]*=)?["“']/.test(m[0].trim())) {
      out.unreadable = m[0].trim();
      break;
    }
    if (m[1]) out.named.push([m[1].toLowerCase().replace(/-/g, '_'), value]);
    else out.positional.push(value);
  }
  return out;
}
