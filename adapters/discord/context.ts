import type { Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { Invocation } from '../../commands/types.ts';
import type { Core } from '../../src/core.ts';
import type { Dispatcher } from '../../src/outbox/dispatcher.ts';
import type { FormFlow } from './forms.ts';
import type { DiscordPort } from './port.ts';

/** What every listener gets: the core, the port and outbox, the paged-form flow. */
export type DiscordContext = {
  core: Core;
  port: DiscordPort;
  dispatcher: Dispatcher;
  forms: FormFlow;
  log: Logger;
  /** Past this, a slash command is acknowledged (deferred) and answered when ready. */
  answerWithinMs: number;
  invocation(i: Interaction): Omit<Invocation, 'args'>;
  /** The invocation, placed in the guild of the incident `hint` names when the interaction came from a DM. */
  invocationFor(i: Interaction, hint: string | undefined): Promise<Omit<Invocation, 'args'>>;
  /** Delivers what the interaction recorded in the outbox (war rooms, checklist edits). */
  settle(): Promise<void>;
};

/** One kind of interaction, in a file of its own. */
export type Listener = {
  name: string;
  accepts(i: Interaction): boolean;
  handle(i: Interaction, ctx: DiscordContext): Promise<void>;
};

export function listener<T extends Interaction>(name: string, accepts: (i: Interaction) => i is T, handle: (i: T, ctx: DiscordContext) => Promise<void>): Listener {
  return { name, accepts, handle: (i, ctx) => handle(i as T, ctx) };
}
