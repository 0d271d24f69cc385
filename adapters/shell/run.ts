import os from 'node:os';
import readline from 'node:readline';
import type { Running } from '../../src/app.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { ShellPort } from './port.ts';
import { ShellSession } from './session.ts';

/**
 * Runs the terminal chat on stdin/stdout until end of input (piped) or Ctrl-D/Ctrl-C.
 * Lines are handled strictly one after another, so a script behaves like a person typing.
 */
export async function runShell(running: Running, input: NodeJS.ReadableStream = process.stdin, write: (l: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const { core } = running;
  const port = new ShellPort(write, core.locale, core.now);
  const dispatcher = new Dispatcher(core, port);
  const user = os.userInfo().username;
  const session = new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user: { id: user, name: user }, locale: core.locale }, write);
  write('crisis-bot — terminal chat. Type /crisis help.');
  await dispatcher.drain();
  dispatcher.start();
  const rl = readline.createInterface({ input, terminal: false });
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain.then(() => session.handle(line)).catch((err) => core.log.error({ err }, 'shell line failed'));
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await chain;
  await dispatcher.drain();
  await dispatcher.stop();
}
