import type { Core } from '../../core.ts';
import type { ChainedEvent } from '../../domain/timeline.ts';
import type { Incident } from '../../store/records.ts';

/** What every domain reader of the bundle gets: the incident as stored and its whole timeline. */
export type EvidenceContext = { core: Core; incident: Incident; events: ChainedEvent[] };

/** One file of the bundle: its name and the reader that fills it (a plain JSON value). */
export type EvidenceReader = { file: string; read(ctx: EvidenceContext): Promise<unknown> | unknown };

/** The events of the given types, as the timeline holds them (the decisions and the domain files cite them by seq). */
export const eventsOf = (events: readonly ChainedEvent[], prefix: readonly string[]) =>
  events.filter((e) => prefix.some((p) => e.type === p || e.type.startsWith(`${p}.`))).map(({ seq, at, type, actor, data }) => ({ seq, at, type, actor, data }));
