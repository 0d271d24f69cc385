import { PlatformRefusal } from '../../adapters/port.ts';
import { ShellPort } from '../../adapters/shell/port.ts';
import { ShellSession } from '../../adapters/shell/session.ts';
import type { Core } from '../../src/core.ts';
import type { PersonRef } from '../../src/store/records.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { sweep, type SweepOptions } from '../../src/scheduler/sweep.ts';
import type { Card } from '../../src/ui/card.ts';

export type ShellDriverOptions = {
  /** The test clock, for sweepAt. */
  clock?: { set(d: Date): void };
  /** Users whose DMs the "platform" refuses (DMs closed, unknown user). */
  refuseDmTo?: string[];
};

/** Drives the shell adapter line by line, as a person at the terminal would, and collects what it prints. */
export function shellDriver(core: Core, user: PersonRef = { id: 'rita', name: 'Rita Reporter' }, opts: ShellDriverOptions = {}) {
  const out: string[] = [];
  const write = (l: string) => void out.push(l);
  const port = new ShellPort(write, core.locale, core.now);
  const refused = new Set(opts.refuseDmTo ?? []);
  if (refused.size) {
    const dm = port.dm.bind(port);
    port.dm = async (to: string, card: Card) => {
      if (refused.has(to)) throw new PlatformRefusal('cannot_dm_user', `${to} does not accept direct messages`);
      return dm(to, card);
    };
  }
  const dispatcher = new Dispatcher(core, port);
  const session = (who: PersonRef) => new ShellSession(core, dispatcher, { platform: 'shell', workspace: 'local', user: who, locale: core.locale, membership: port }, write);
  const typed = (s: ShellSession) => async (...lines: string[]) => {
    const from = out.length;
    for (const l of lines) await s.handle(l);
    return out.slice(from).join('\n');
  };
  return {
    out,
    /** Types the lines and returns only what they printed. */
    type: typed(session(user)),
    /** The same terminal, typed into by someone else (the lead acknowledging, an owner snoozing). */
    as: (who: PersonRef) => ({ type: typed(session(who)) }),
    /** Delivers what is queued (a job's reminders, say) and returns what was printed. */
    async drain(): Promise<string> {
      const from = out.length;
      await dispatcher.drain();
      return out.slice(from).join('\n');
    },
    /** Runs one deadline sweep at the clock's current time, delivers what it queued, and returns what was printed. */
    async sweep(sweepOpts?: SweepOptions): Promise<string> {
      const from = out.length;
      await sweep(core, sweepOpts);
      await dispatcher.drain();
      return out.slice(from).join('\n');
    },
    /** Moves the test clock to `at`, then sweeps as above. */
    async sweepAt(at: Date, sweepOpts?: SweepOptions): Promise<string> {
      if (!opts.clock) throw new Error('shellDriver needs opts.clock for sweepAt');
      opts.clock.set(at);
      return this.sweep(sweepOpts);
    },
  };
}
