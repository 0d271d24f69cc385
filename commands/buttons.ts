import type { Core } from '../src/core.ts';
import { KEY_PATTERN } from '../src/domain/naming.ts';
import { runCommand } from './index.ts';
import type { Invocation, Outcome } from './types.ts';

/**
 * Buttons are commands by another name: a click on Done for step 3 of an incident is
 * `/crisis tick KEY 3`, so every rule about ticking lives in one command. A button's value is
 * the incident key, or `KEY:<item>` (a step number, a fact id, a level) when `item` says what fits.
 */
type Spec = { command: string; item?: RegExp };

const STEP = /^\d+$/;
const FACT = /^F\d+$/;
const LEVEL = /^[1-4]$/;

const BUTTONS: Record<string, Spec> = {
  'step.done': { command: 'tick {key} {item}', item: STEP },
  'step.reopen': { command: 'untick {key} {item}', item: STEP },
  'step.help': { command: 'need-help {key} {item}', item: STEP },
  'step.snooze': { command: 'snooze {key} {item}', item: STEP },
  'incident.ack': { command: 'ack {key}' },
  'incident.update': { command: 'update {key}' },
  'assess.fact': { command: 'fact {key}' },
  'assess.impact': { command: 'impact {key}' },
  'fact.verify': { command: 'fact {key} verify {item}', item: FACT },
  'fact.dispute': { command: 'fact {key} dispute {item}', item: FACT },
  'fact.correct': { command: 'fact {key} correct {item}', item: FACT },
  'level.change': { command: 'level {key} {item}', item: LEVEL },
  'level.keep': { command: 'level {key} keep {item}', item: LEVEL },
};

function commandFor(spec: Spec, value: string): string | undefined {
  const [key = '', item, ...extra] = value.split(':');
  if (extra.length || !KEY_PATTERN.test(key)) return undefined;
  if (spec.item ? item === undefined || !spec.item.test(item) : item !== undefined) return undefined;
  return spec.command.replace('{key}', key).replace('{item}', item ?? '');
}

export const isButton = (id: string) => id in BUTTONS;

/** The command a button stands for (`fact INC-… verify F2`); undefined when the button or its value is unknown. */
export const buttonCommand = (id: string, value: string): string | undefined => (id in BUTTONS ? commandFor(BUTTONS[id]!, value) : undefined);

/** Runs the command behind a clicked button; undefined when the button or its value is unknown. */
export async function clickButton(core: Core, inv: Omit<Invocation, 'args'>, id: string, value: string): Promise<Outcome | undefined> {
  const text = buttonCommand(id, value);
  return text ? runCommand(core, inv, text) : undefined;
}
