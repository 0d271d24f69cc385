import type { PersonRef } from '../store/records.ts';

/**
 * On-site control (SOP §3, 现场控制), pure: the Site card's record and what each change does to it.
 * The service (./service.ts) applies a change under the incident's revision lease, so two people
 * changing different parts at once both land; the command post and the evacuation count are
 * versioned so that a form submitted over someone else's newer value is asked again (see `apply`).
 */

export type PostVersion = { v: number; where: string; commander?: PersonRef; by: PersonRef; at: Date };
/** Missing is never stored: it is `expected − accounted`, so the two can never disagree. */
export type EvacVersion = { v: number; expected: number; accounted: number; by: PersonRef; at: Date };
export type SiteArea = { id: string; name: string; by: PersonRef; at: Date };
export type WatchNote = { n: number; text: string; by: PersonRef; at: Date };

export type SiteRecord = {
  /** Every version of the command post and of the evacuation count, the latest last. */
  post: PostVersion[];
  evac: EvacVersion[];
  /** Isolated / hazardous areas now in force (a removed one is only in the timeline). */
  areas: SiteArea[];
  /** The next area's number (A1, A2 …): an id is never reused after a removal. */
  nextArea: number;
  watch: WatchNote[];
  /**
   * How many times the missing count went from none to above zero. The lead's alert cadence is
   * keyed by it: back to zero drops the pending alert, a new shortfall starts a fresh cadence.
   */
  episode: number;
  /**
   * Per person, the versions a refused form last showed them (the other person's value). Their
   * next save counts as made over those, whichever form it comes from: a Slack modal answered with
   * field errors keeps the context it was opened with, so the form alone cannot carry them.
   */
  shown?: Record<string, { post?: number; evac?: number }>;
};

export const emptySite = (): SiteRecord => ({ post: [], evac: [], areas: [], nextArea: 1, watch: [], episode: 0 });

export const latest = <T>(list: readonly T[] | undefined): T | undefined => list?.[list.length - 1];
export const missingOf = (e: Pick<EvacVersion, 'expected' | 'accounted'> | undefined) => (e ? Math.max(0, e.expected - e.accounted) : 0);
export const siteMissing = (s: SiteRecord | undefined) => missingOf(latest(s?.evac));

/** The parts of a form submission, each with the version its editor saw (0: there was none). */
export type PostInput = { where: string; commander?: PersonRef; seen?: number };
export type EvacInput = { expected: number; accounted: number; seen?: number };

export type SiteChange =
  | { do: 'edit'; post?: PostInput; evac?: EvacInput; watch?: string }
  | { do: 'area-add'; name: string }
  | { do: 'area-remove'; id: string };

/** A part someone else changed since the form was opened: what they made it, to show. */
export type Conflict = { part: 'post' | 'evac'; by: string; at: number };

export type Applied = {
  post?: number;
  evac?: number;
  watch?: number;
  area?: { id: string; name: string };
  /** The missing count went above zero from none: the lead's alert cadence starts (this episode). */
  started?: number;
};

export type ApplyResult = { record: SiteRecord; applied: Applied } | { refused: 'noChange' | 'unknownArea' | 'sameArea'; id?: string } | { conflicts: Conflict[]; record: SiteRecord };

const samePerson = (a?: PersonRef, b?: PersonRef) => (a?.id ?? '') === (b?.id ?? '');
const samePost = (a: PostInput | PostVersion | undefined, b: PostInput | PostVersion | undefined) => (a?.where ?? '') === (b?.where ?? '') && samePerson(a?.commander, b?.commander);
const sameEvac = (a: EvacInput | EvacVersion | undefined, b: EvacInput | EvacVersion | undefined) => a?.expected === b?.expected && a?.accounted === b?.accounted;

/**
 * A part of a form is taken when its editor changed it (it differs from the version they saw).
 * If someone else wrote a newer version meanwhile, it is not overwritten: the form comes back
 * with theirs shown. A part the editor left as it was never overwrites a newer one (field-level
 * merge); a typed command (`seen` undefined) states the value outright and is taken as is.
 */
function part<I extends PostInput | EvacInput, V extends PostVersion | EvacVersion>(
  list: readonly V[],
  input: I | undefined,
  same: (a: I | V | undefined, b: I | V | undefined) => boolean,
): { take: boolean; conflict?: V } {
  if (!input) return { take: false };
  const now = latest(list);
  if (input.seen === undefined) return { take: !same(input, now) };
  const shown = input.seen ? list.find((x) => x.v === input.seen) : undefined;
  if (same(input, shown)) return { take: false };
  if ((now?.v ?? 0) !== input.seen) return same(input, now) ? { take: false } : { take: false, conflict: now };
  return { take: !same(input, now) };
}

/** The record after the change, what it recorded, or why nothing changes. */
export function apply(current: SiteRecord | undefined, c: SiteChange, by: PersonRef, at: Date): ApplyResult {
  const s = current ?? emptySite();
  if (c.do === 'area-add') {
    if (s.areas.some((a) => a.name.toLowerCase() === c.name.toLowerCase())) return { refused: 'sameArea', id: s.areas.find((a) => a.name.toLowerCase() === c.name.toLowerCase())!.id };
    const area = { id: `A${s.nextArea}`, name: c.name, by, at };
    return { record: { ...s, areas: [...s.areas, area], nextArea: s.nextArea + 1 }, applied: { area: { id: area.id, name: area.name } } };
  }
  if (c.do === 'area-remove') {
    const found = s.areas.find((a) => a.id.toLowerCase() === c.id.toLowerCase());
    if (!found) return { refused: 'unknownArea', id: c.id };
    return { record: { ...s, areas: s.areas.filter((a) => a !== found) }, applied: { area: { id: found.id, name: found.name } } };
  }
  const mine = s.shown?.[by.id] ?? {};
  const over = <I extends { seen?: number }>(input: I | undefined, shown: number | undefined): I | undefined =>
    input && input.seen !== undefined && shown !== undefined && shown > input.seen ? { ...input, seen: shown } : input;
  const post = part(s.post, over(c.post, mine.post), samePost);
  const evac = part(s.evac, over(c.evac, mine.evac), sameEvac);
  const conflicts: Conflict[] = [];
  if (post.conflict) conflicts.push({ part: 'post', by: post.conflict.by.name, at: post.conflict.at.getTime() });
  if (evac.conflict) conflicts.push({ part: 'evac', by: evac.conflict.by.name, at: evac.conflict.at.getTime() });
  if (conflicts.length) {
    const seen = { ...mine, ...(post.conflict ? { post: post.conflict.v } : {}), ...(evac.conflict ? { evac: evac.conflict.v } : {}) };
    return { conflicts, record: { ...s, shown: { ...s.shown, [by.id]: seen } } };
  }
  const next: SiteRecord = { ...s };
  const applied: Applied = {};
  if (post.take && c.post) {
    const v = (latest(s.post)?.v ?? 0) + 1;
    next.post = [...s.post, { v, where: c.post.where, ...(c.post.commander ? { commander: c.post.commander } : {}), by, at }];
    applied.post = v;
  }
  if (evac.take && c.evac) {
    const v = (latest(s.evac)?.v ?? 0) + 1;
    next.evac = [...s.evac, { v, expected: c.evac.expected, accounted: c.evac.accounted, by, at }];
    applied.evac = v;
    if (siteMissing(s) === 0 && missingOf(c.evac) > 0) {
      next.episode = s.episode + 1;
      applied.started = next.episode;
    }
  }
  if (c.watch) {
    const n = (latest(s.watch)?.n ?? 0) + 1;
    next.watch = [...s.watch, { n, text: c.watch, by, at }];
    applied.watch = n;
  }
  if (applied.post === undefined && applied.evac === undefined && applied.watch === undefined) return { refused: 'noChange' };
  return { record: next, applied };
}

/** Why a count cannot be taken, as a message key of src/i18n/features/site.ts (undefined: fine). */
export function countProblem(expected: number, accounted: number): 'site.err.accountedOver' | undefined {
  return accounted > expected ? 'site.err.accountedOver' : undefined;
}

/** The plan roles (besides the lead) who may change the Site card: the plan's `site_editors`, else operations and security. */
export const DEFAULT_SITE_EDITORS = ['operations', 'security'] as const;
