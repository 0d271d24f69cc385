import { KEY_PATTERN } from '../src/domain/naming.ts';

/** `[KEY] word word…`: the key when the first word is one (inside a war room it may be left out), and the rest. */
export function splitKey(args: string): { key?: string; rest: string[] } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words[0] && KEY_PATTERN.test(words[0].toUpperCase())) return { key: words[0], rest: words.slice(1) };
  return { rest: words };
}
