import type { Core } from '../src/core.ts';
import { runCommand } from './index.ts';
import type { Invocation, Outcome } from './types.ts';

/**
 * Buttons are commands by another name: a click on Done for step 3 of an incident is
 * `/crisis tick KEY 3`, so every rule about ticking lives in one command.
 */
const BUTTONS: Record<string, (value: string) => string | undefined> = {
  'step.done': (v) => stepArgs('tick', v),
  'step.reopen': (v) => stepArgs('untick', v),
  'step.help': (v) => stepArgs('need-help', v),
  'step.snooze': (v) => stepArgs('snooze', v),
  'incident.ack': (v) => keyArgs('ack', v),
  'incident.update': (v) => keyArgs('update', v),
  'assess.fact': (v) => keyArgs('fact', v),
  'assess.impact': (v) => keyArgs('impact', v),
  'fact.verify': (v) => factArgs('verify', v),
  'fact.dispute': (v) => factArgs('dispute', v),
  'fact.correct': (v) => factArgs('correct', v),
  'level.change': (v) => levelArgs('', v),
  'level.keep': (v) => levelArgs('keep ', v),
};

function factArgs(action: string, value: string): string | undefined {
  const m = value.match(/^(INC-\d{8}-\d{3,}):(F\d+)$/);
  return m ? `fact ${m[1]} ${action} ${m[2]}` : undefined;
}

function levelArgs(keep: string, value: string): string | undefined {
  const m = value.match(/^(INC-\d{8}-\d{3,}):([1-4])$/);
  return m ? `level ${m[1]} ${keep}${m[2]}` : undefined;
}

const keyArgs = (command: string, value: string) => (/^INC-\d{8}-\d{3,}$/.test(value) ? `${command} ${value}` : undefined);

function stepArgs(command: string, value: string): string | undefined {
  const m = value.match(/^(INC-\d{8}-\d{3,}):(\d+)$/);
  return m ? `${command} ${m[1]} ${m[2]}` : undefined;
}

export const isButton = (id: string) => id in BUTTONS;

/** The command a button stands for (`fact INC-… verify F2`); undefined when the button or its value is unknown. */
export const buttonCommand = (id: string, value: string): string | undefined => BUTTONS[id]?.(value);

/** Runs the command behind a clicked button; undefined when the button or its value is unknown. */
export async function clickButton(core: Core, inv: Omit<Invocation, 'args'>, id: string, value: string): Promise<Outcome | undefined> {
  const text = buttonCommand(id, value);
  return text ? runCommand(core, inv, text) : undefined;
}
