import { ShellPort } from '../../adapters/shell/port.ts';
import { ShellSession } from '../../adapters/shell/session.ts';
import type { Core } from '../../src/core.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';

/** Drives the shell adapter line by line, as a person at the terminal would, and collects what it prints. */
export function shellDriver(core: Core, user = { id: 'rita', name: 'Rita Reporter' }) {
  const out: string[] = [];
  const write = (l: string) => void out.push(l);
  const dispatcher = new Dispatcher(core, new ShellPort(write, core.locale, core.now));
  const session = new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user, locale: core.locale }, write);
  return {
    out,
    /** Types the lines and returns only what they printed. */
    async type(...lines: string[]): Promise<string> {
      const from = out.length;
      for (const l of lines) await session.handle(l);
      return out.slice(from).join('\n');
    },
  };
}
