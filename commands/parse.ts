import type { Core } from '../src/core.ts';
import { tokenize, type Token } from './args.ts';
import type { AnyCommand, ArgSpec, RawArg } from './define.ts';
import { checkPreconditions } from './preconditions.ts';
import type { Invocation } from './types.ts';

/** A command and its arguments as they arrived (typed, from Discord's options, from a button), not yet checked. */
export type Call = { command: string; raw: Record<string, RawArg> };

/** Whether a later argument could be `word` (an optional flag in between may be left out). */
function laterTakes(rest: readonly ArgSpec[], filled: Record<string, RawArg>, word: string): boolean {
  for (const a of rest) {
    if (a.name in filled) continue;
    if (a.kind.accepts(word)) return true;
    if (a.kind.kind !== 'flag') return false;
  }
  return false;
}

/**
 * The words after `/crisis <name>` as the command's raw arguments: `name=value` for a declared
 * argument (quoted as parseArgs reads it), the other words in declaration order. An optional
 * argument a word cannot be is left out (`tick 3` inside a war room), unless no later argument can
 * be it either and the argument claims strays (`tick fire 1`: 'fire' is not an incident key).
 */
export function readText(def: AnyCommand, input: string): Record<string, RawArg> {
  const whole = def.args.find((a) => a.kind.take === 'all');
  if (whole) return { [whole.name]: input.trim() };
  const declared = new Set(def.args.map((a) => a.name));
  const raw: Record<string, RawArg> = {};
  const words: Token[] = [];
  for (const tok of tokenize(input)) {
    if (tok.name && declared.has(tok.name)) {
      // A repeated `n=` adds a number to a many-valued argument.
      const many = def.args.find((a) => a.name === tok.name)!.kind.take === 'many';
      const before = raw[tok.name];
      raw[tok.name] = many ? [...(Array.isArray(before) ? before : []), tok.value] : tok.value;
    }
    else words.push(tok.name ? { ...tok, value: tok.typed } : tok);
  }
  let i = 0;
  def.args.forEach((a, idx) => {
    if (a.name in raw || i >= words.length) return;
    const w = words[i]!;
    if (a.kind.take === 'rest') {
      raw[a.name] = input.slice(w.start).trim();
      i = words.length;
    } else if (a.kind.take === 'many') {
      raw[a.name] = words.slice(i).map((x) => x.value);
      i = words.length;
    } else if (a.kind.accepts(w.value) || (a.kind.claimsStrays && !laterTakes(def.args.slice(idx + 1), raw, w.value))) {
      raw[a.name] = w.value;
      i++;
    }
  });
  return raw;
}

/**
 * Checks each argument in order (each may look at those before it: a step number at its incident),
 * then the declared preconditions in order. Throws the first UserError; gives the typed values.
 */
export async function resolveCall(core: Core, inv: Invocation, def: AnyCommand, raw: Record<string, RawArg>): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const a of def.args) {
    if (a.when && !a.when(values)) continue;
    const command = def.label?.(values) ?? def.name;
    values[a.name] = await a.kind.resolve(raw[a.name], { core, inv, command, values });
  }
  await checkPreconditions(core, inv, def.preconditions ?? [], values);
  return values;
}

const QUOTES = [['"', '"'], ['“', '”'], ["'", "'"]] as const;

/**
 * A call written as the text that reads back to it (`fact key=INC-… action=verify fact=F2`), for
 * what must be stored as text: the command a Discord draft reopens its form with.
 */
export function callText(call: Call): string {
  const parts = [call.command];
  for (const [name, value] of Object.entries(call.raw)) {
    if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) {
      if (!/[\s"“”']/.test(v) && v) parts.push(`${name}=${v}`);
      else {
        const [open, close] = QUOTES.find(([, c]) => !v.includes(c)) ?? QUOTES[0];
        parts.push(`${name}=${open}${v}${close}`);
      }
    }
  }
  return parts.join(' ');
}
