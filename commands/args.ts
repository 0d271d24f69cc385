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

/** A word of a command line: its value (unquoted), its `name=` when it has one, as typed, and where it starts. */
export type Token = { name?: string; value: string; typed: string; start: number };

/**
 * The words of a command line as parseArgs reads them, with their positions (so an argument that
 * takes the rest of the line can take it as typed). An unclosed quote ends the reading: what is
 * left is taken word by word, for the argument it lands on to judge.
 */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    const from = TOKEN.lastIndex;
    const m = TOKEN.exec(input);
    if (!m || !m[0].trim()) break;
    const typed = m[0].trim();
    if (m[5] !== undefined && /^(\w[\w-]*=)?["“']/.test(typed)) {
      for (const w of input.slice(from).matchAll(/\S+/g)) out.push({ value: w[0], typed: w[0], start: from + w.index });
      break;
    }
    const start = from + m[0].length - typed.length;
    out.push({ name: m[1]?.toLowerCase().replace(/-/g, '_'), value: m[2] ?? m[3] ?? m[4] ?? m[5] ?? '', typed, start });
  }
  return out;
}
