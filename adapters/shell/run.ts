import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Running } from '../../src/app.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { introduction, shellIdentity, type IdentitySource } from '../../src/incidents/identity.ts';
import { ShellPort } from './port.ts';
import { draftPath, readDraft, saveDraft } from './draft.ts';
import { ShellSession } from './session.ts';
import { t } from '../../src/i18n/index.ts';

export type ShellOptions = {
  /** CRISIS_USER: who types here; the OS login when absent. */
  user?: string;
  /** Said under the banner (where the logs go). */
  notes?: string[];
  /** The data folder: a form left half-answered is kept there for the next start. */
  dataDir?: string;
};

// Bracketed paste: a terminal asked to (\x1b[?2004h) wraps pasted text in these markers.
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

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
  const port = new ShellPort(write, core.locale, core.now, opts.dataDir ? path.join(opts.dataDir, 'reports') : undefined);
  const dispatcher = new Dispatcher(core, port);
  const source: IdentitySource = opts.user ? 'env' : 'login';
  const who = shellIdentity(core.playbook, opts.user ?? os.userInfo().username);
  const draftFile = opts.dataDir ? draftPath(opts.dataDir, who.id) : undefined;
  const session = new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user: { id: who.id, name: who.name }, locale: core.locale, membership: port }, write, draftFile);
  write(t(core.locale, 'terminal.banner'));
  for (const l of [...introduction(core.playbook, core.locale, who, source), ...(opts.notes ?? [])]) write(l);
  const kept = draftFile && readDraft(draftFile);
  if (kept) write(t(core.locale, 'shell.draft.offer', { form: kept.form.title, n: Object.keys(kept.form.values).length }));
  // Ctrl-C ends the process (src/main.ts); the form being answered is kept first, synchronously.
  const keep = () => {
    const form = session.draft;
    if (draftFile && form) saveDraft(draftFile, form, core.now());
    return Boolean(draftFile && form);
  };
  process.on('SIGINT', keep);
  await dispatcher.drain();
  dispatcher.start();
  const rl = readline.createInterface({ input, terminal: false });
  const tty = Boolean((input as { isTTY?: boolean }).isTTY);
  // At a terminal the prompt shows who you are; piped input is not echoed by a terminal, so each
  // line is printed after the same prompt and the output reads as a session.
  const prompt = () => void (tty && process.stdout.write(session.promptText));
  if (tty) process.stdout.write('\x1b[?2004h');
  prompt();
  let chain = Promise.resolve();
  const run = (lines: string[]) => {
    chain = chain
      .then(() => (!tty && lines.join('').trim() ? write(`${session.promptText}${lines.join('\n')}`) : undefined))
      .then(() => (lines.length > 1 ? session.paste(lines) : session.handle(lines[0]!)))
      .catch((err) => core.log.error({ err }, 'shell line failed'))
      .then(prompt);
  };
  // Lines of one paste are one value or one command; every other line is handled as typed.
  let pasted: string[] | undefined;
  rl.on('line', (line) => {
    if (!pasted && !line.includes(PASTE_START)) return run([line]);
    (pasted ??= []).push(line.replace(PASTE_START, '').replace(PASTE_END, ''));
    if (!line.includes(PASTE_END)) return;
    const lines = pasted;
    pasted = undefined;
    run(lines);
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  if (pasted) run(pasted);
  await chain;
  if (tty) process.stdout.write('\x1b[?2004l');
  process.off('SIGINT', keep);
  await dispatcher.drain();
  await dispatcher.stop();
  const waiting = session.waiting;
  if (waiting) write(t(core.locale, keep() ? 'shell.inputEndedKept' : 'shell.inputEnded', waiting));
  return session.refusals > 0 || waiting ? 1 : 0;
}
