import { randomBytes } from 'node:crypto';
import type { Core } from '../src/core.ts';
import { UserError } from '../src/core.ts';
import { t, type MessageKey } from '../src/i18n/index.ts';
import { isUnavailable } from '../src/store/connect.ts';
import { note } from '../src/ui/card.ts';
import { readText, resolveCall, type Call } from './parse.ts';
import { findCommand } from './registry.ts';
import type { Invocation, Outcome } from './types.ts';

export { COMMANDS, findCommand } from './registry.ts';
export type { Call } from './parse.ts';

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

/** `tick INC-… 3` → the command's name and its raw arguments, read against its declaration. */
function callOf(text: string): Call & { args: string } {
  const [sub = 'help'] = text.trim().split(/\s+/);
  const args = text.trim().slice(sub.length).trim();
  const def = findCommand(sub.toLowerCase());
  return { command: def?.name ?? sub, raw: def ? readText(def, args) : {}, args };
}

function dispatch(core: Core, inv: Omit<Invocation, 'args'>, call: Call & { args?: string }): () => Promise<Outcome> {
  return async () => {
    const def = findCommand(call.command);
    if (!def) throw new UserError(t(inv.locale, 'err.unknownCommand', { name: call.command }));
    const full = { ...inv, args: call.args ?? '' };
    return def.run(core, full, await resolveCall(core, full, def, call.raw));
  };
}

/** Runs `/crisis <sub> <args>`, where `text` is everything after `/crisis`. */
export function runCommand(core: Core, inv: Omit<Invocation, 'args'>, text: string): Promise<Outcome> {
  return safely(core, inv, dispatch(core, inv, callOf(text)));
}

/**
 * As runCommand, but Unrecorded when the database did not answer: for a caller that must tell an
 * outage from an answer (a form page being opened again from what it holds).
 */
export function tryCommand(core: Core, inv: Omit<Invocation, 'args'>, text: string): Promise<Outcome | Unrecorded> {
  return guarded(core, inv, dispatch(core, inv, callOf(text)));
}

/** Runs a command whose arguments came typed (Discord's options, a button), not as text. */
export function runCall(core: Core, inv: Omit<Invocation, 'args'>, call: Call): Promise<Outcome> {
  return safely(core, inv, dispatch(core, inv, call));
}

/** A filled-in form, submitted: its outcome, or Unrecorded when the database did not answer. */
export function submitForm(core: Core, inv: Omit<Invocation, 'args'>, commandName: string, values: Record<string, string>, context?: string): Promise<Outcome | Unrecorded> {
  return guarded(
    core,
    inv,
    async () => {
      const def = findCommand(commandName);
      if (!def?.submit) throw new UserError(t(inv.locale, 'err.unknownCommand', { name: commandName }));
      const full = { ...inv, args: '' };
      // The form's context (`KEY`, `KEY:2`, `add:KEY`) is read back into arguments and checked like typed ones.
      return def.submit(core, full, await resolveCall(core, full, def, def.formArgs?.(context ?? '') ?? {}), values);
    },
    'outage.form',
  );
}
