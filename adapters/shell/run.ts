import os from 'node:os';
import readline from 'node:readline';
import type { Running } from '../../src/app.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { introduction, shellIdentity, type IdentitySource } from '../../src/incidents/identity.ts';
import { ShellPort } from './port.ts';
import { ShellSession } from './session.ts';
import { t } from '../../src/i18n/index.ts';

export type ShellOptions = {
  /** CRISIS_USER: who types here; the OS login when absent. */
  user?: string;
  /** Said under the banner (where the logs go). */
  notes?: string[];
};

/**
 * Runs the terminal chat on stdin/stdout until end of input (piped) or Ctrl-D/Ctrl-C.
 * Lines are handled strictly one after another, so a script behaves like a person typing.
 * Resolves with the exit status for a script: 1 when any command was refused or input ended
 * while a form was still asking, else 0.
 */
export async function runShell(
  running: Running,
  input: NodeJS.ReadableStream = process.stdin,
  write: (l: string) => void = (l) => process.stdout.write(`${l}\n`),
  opts: ShellOptions = {},
): Promise<number> {
  const { core } = running;
  const port = new ShellPort(write, core.locale, core.now);
  const dispatcher = new Dispatcher(core, port);
  const source: IdentitySource = opts.user ? 'env' : 'login';
  const who = shellIdentity(core.playbook, opts.user ?? os.userInfo().username);
  const session = new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user: { id: who.id, name: who.name }, locale: core.locale, membership: port }, write);
  write(t(core.locale, 'terminal.banner'));
  for (const l of [...introduction(core.playbook, core.locale, who, source), ...(opts.notes ?? [])]) write(l);
  await dispatcher.drain();
  dispatcher.start();
  const rl = readline.createInterface({ input, terminal: false });
  const tty = Boolean((input as { isTTY?: boolean }).isTTY);
  // At a terminal the prompt shows who you are; piped input is not echoed by a terminal, so each
  // line is printed after the same prompt and the output reads as a session.
  const prompt = () => void (tty && process.stdout.write(session.promptText));
  prompt();
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain
      .then(() => (!tty && line.trim() ? write(`${session.promptText}${line}`) : undefined))
      .then(() => session.handle(line))
      .catch((err) => core.log.error({ err }, 'shell line failed'))
      .then(prompt);
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await chain;
  await dispatcher.drain();
  await dispatcher.stop();
  const waiting = session.waiting;
  if (waiting) write(t(core.locale, 'shell.inputEnded', waiting));
  return session.refusals > 0 || waiting ? 1 : 0;
}
