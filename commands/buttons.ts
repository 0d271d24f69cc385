import type { Core } from '../src/core.ts';
import type { AnyCommand, ButtonSpec } from './define.ts';
import { runCall } from './index.ts';
import type { Call } from './parse.ts';
import { COMMANDS } from './registry.ts';
import type { Invocation, Outcome } from './types.ts';

/**
 * Buttons are commands by another name: a click on Done for step 3 is the `tick` command with
 * key and n, so every rule about ticking lives in one command. Each command declares its buttons
 * (`buttons: { 'step.done': { parts: ['key', 'n'] } }`); a button's value is its parts joined by
 * `:` (`INC-…:3`), as the cards render them. A payload is held to its declaration exactly: an
 * unknown button, a part missing or extra, one its argument does not take exactly, or a value too
 * long for a Discord custom_id is refused the way an unknown button is — it runs nothing.
 */
const MAX_VALUE = 100;

const BUTTONS = new Map<string, { def: AnyCommand; spec: ButtonSpec }>(
  COMMANDS.flatMap((def) => Object.entries(def.buttons ?? {}).map(([id, spec]) => [id, { def, spec }] as const)),
);

export const isButton = (id: string) => BUTTONS.has(id);

/** The typed call a button stands for; undefined when the button or its value is not one its command declares. */
export function buttonCall(id: string, value: string): Call | undefined {
  const found = BUTTONS.get(id);
  if (!found || value.length > MAX_VALUE) return undefined;
  const { def, spec } = found;
  const parts = value.split(':');
  if (parts.length !== spec.parts.length) return undefined;
  const raw: Call['raw'] = { ...spec.fixed };
  for (const [i, name] of spec.parts.entries()) {
    const arg = def.args.find((a) => a.name === name);
    if (!arg || !arg.kind.exact(parts[i]!)) return undefined;
    raw[name] = parts[i];
  }
  return { command: def.name, raw };
}

/** Runs the command behind a clicked button; undefined when the button or its value is unknown. */
export async function clickButton(core: Core, inv: Omit<Invocation, 'args'>, id: string, value: string): Promise<Outcome | undefined> {
  const call = buttonCall(id, value);
  return call ? runCall(core, inv, call) : undefined;
}

/**
 * What a person types to do what a button does (`/crisis tick INC-… 3`): the terminal cannot be
 * clicked, so it shows this beside each button. Undefined for a button no command declares.
 */
export function buttonCommandLine(id: string, value: string): string | undefined {
  const call = buttonCall(id, value);
  if (!call) return undefined;
  const def = BUTTONS.get(id)!.def;
  const words = def.args.map((a) => call.raw[a.name]).filter((w): w is string => typeof w === 'string' && w !== '');
  return ['/crisis', call.command, ...words].join(' ');
}
