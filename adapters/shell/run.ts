import os from 'node:os';
import readline from 'node:readline';
import type { Running } from '../../src/app.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { ShellPort } from './port.ts';
import { ShellSession } from './session.ts';
import { t } from '../../src/i18n/index.ts';

/**
 * Runs the terminal chat on stdin/stdout until end of input (piped) or Ctrl-D/Ctrl-C.
 * Lines are handled strictly one after another, so a script behaves like a person typing.
 * Resolves with the exit status for a script: 1 when any command was refused or input ended
 * while a form was still asking, else 0.
 */
export async function runShell(running: Running, input: NodeJS.ReadableStream = process.stdin, write: (l: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const { core } = running;
  const port = new ShellPort(write, core.locale, core.now);
  const dispatcher = new Dispatcher(core, port);
  const user = os.userInfo().username;
  const session = new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user: { id: user, name: user }, locale: core.locale, membership: port }, write);
  write('crisis-bot — terminal chat. Type /crisis help.');
  await dispatcher.drain();
  dispatcher.start();
  const rl = readline.createInterface({ input, terminal: false });
  let chain = Promise.resolve();
  // Piped input is not echoed by a terminal: print each line, so the output reads as a session.
  const echo = !(input as { isTTY?: boolean }).isTTY;
  rl.on('line', (line) => {
    chain = chain.then(() => (echo && line.trim() ? write(`> ${line}`) : undefined)).then(() => session.handle(line)).catch((err) => core.log.error({ err }, 'shell line failed'));
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await chain;
  await dispatcher.drain();
  await dispatcher.stop();
  const waiting = session.waiting;
  if (waiting) write(t(core.locale, 'shell.inputEnded', waiting));
  return session.refusals > 0 || waiting ? 1 : 0;
}
