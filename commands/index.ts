import { randomBytes } from 'node:crypto';
import type { Core } from '../src/core.ts';
import { UserError } from '../src/core.ts';
import { t, type MessageKey } from '../src/i18n/index.ts';
import { isUnavailable } from '../src/store/connect.ts';
import { note } from '../src/ui/card.ts';
import { helpCommand } from './help.ts';
import { raiseCommand } from './raise.ts';
import { statusCommand } from './status.ts';
import { tickCommand, untickCommand } from './tick.ts';
import { timelineCommand } from './timeline.ts';
import { ackCommand } from './ack.ts';
import { needHelpCommand } from './need-help.ts';
import { snoozeCommand } from './snooze.ts';
import { updateCommand } from './update.ts';
import { assessCommand } from './assess.ts';
import { factCommand } from './fact.ts';
import { impactCommand } from './impact.ts';
import { levelCommand } from './level.ts';
import { phaseCommand } from './phase.ts';
import { asCommand } from './as.ts';
import type { Command, Invocation, Outcome } from './types.ts';

export const COMMANDS: readonly Command[] = [raiseCommand, statusCommand, tickCommand, untickCommand, timelineCommand, helpCommand, ackCommand, updateCommand, snoozeCommand, needHelpCommand, assessCommand, factCommand, impactCommand, levelCommand, phaseCommand, asCommand];

export const findCommand = (name: string) => COMMANDS.find((c) => c.name === name);

/**
 * What a form submission may come back with besides an Outcome: the database did not answer, so
 * nothing was recorded. Each adapter keeps the form open with what was typed (its own way) and
 * shows `message`; the same submission may simply be sent again once the database is back.
 */
export type Unrecorded = { kind: 'unrecorded'; message: string };

/**
 * The one place that turns errors into what a user may see: a UserError's own message; "the
 * database is unreachable" when it did not answer (nothing was recorded, so saying "nothing was
 * lost" or a reference would mislead); else a reference the operator can find in the log — never
 * a stack trace or an internal detail.
 */
export async function safely(core: Core, inv: Pick<Invocation, 'locale' | 'user'>, work: () => Promise<Outcome>): Promise<Outcome> {
  const answered = await guarded(core, inv, work);
  return answered.kind === 'unrecorded' ? { kind: 'reply', cards: [note(answered.message, 'warning')], refused: true } : answered;
}

async function guarded(core: Core, inv: Pick<Invocation, 'locale' | 'user'>, work: () => Promise<Outcome>, unavailable: MessageKey = 'outage.command'): Promise<Outcome | Unrecorded> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UserError) return { kind: 'reply', cards: [note(err.message, 'warning')], refused: true };
    if (isUnavailable(err)) {
      core.log.warn({ err: { name: (err as Error).name, message: (err as Error).message }, user: inv.user.id }, 'database unreachable');
      return { kind: 'unrecorded', message: t(inv.locale, unavailable) };
    }
    const ref = randomBytes(4).toString('hex');
    core.log.error({ err, ref, user: inv.user.id }, 'command failed');
    return { kind: 'reply', cards: [note(t(inv.locale, 'err.internal', { ref }), 'danger')], refused: true };
  }
}

function dispatch(core: Core, inv: Omit<Invocation, 'args'>, text: string): () => Promise<Outcome> {
  const [sub = 'help'] = text.trim().split(/\s+/);
  const args = text.trim().slice(sub.length).trim();
  return async () => {
    const command = findCommand(sub.toLowerCase());
    if (!command) throw new UserError(t(inv.locale, 'err.unknownCommand', { name: sub }));
    return command.run(core, { ...inv, args });
  };
}

/** Runs `/crisis <sub> <args>`, where `text` is everything after `/crisis`. */
export function runCommand(core: Core, inv: Omit<Invocation, 'args'>, text: string): Promise<Outcome> {
  return safely(core, inv, dispatch(core, inv, text));
}

/**
 * As runCommand, but Unrecorded when the database did not answer: for a caller that must tell an
 * outage from an answer (a form page being opened again from what it holds).
 */
export function tryCommand(core: Core, inv: Omit<Invocation, 'args'>, text: string): Promise<Outcome | Unrecorded> {
  return guarded(core, inv, dispatch(core, inv, text));
}

/** A filled-in form, submitted: its outcome, or Unrecorded when the database did not answer. */
export function submitForm(core: Core, inv: Omit<Invocation, 'args'>, commandName: string, values: Record<string, string>, context?: string): Promise<Outcome | Unrecorded> {
  return guarded(
    core,
    inv,
    async () => {
      const command = findCommand(commandName);
      if (!command?.submit) throw new UserError(t(inv.locale, 'err.unknownCommand', { name: commandName }));
      return command.submit(core, { ...inv, args: '' }, values, context);
    },
    'outage.form',
  );
}
