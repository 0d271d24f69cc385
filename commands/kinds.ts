import { UserError } from '../src/core.ts';
import type { FactVersion } from '../src/domain/assessment.ts';
import { KEY_PATTERN } from '../src/domain/naming.ts';
import { t, type MessageKey } from '../src/i18n/index.ts';
import { tryParseDuration } from '../src/playbook/duration.ts';
import type { LevelNumber } from '../src/playbook/schema.ts';
import { readerZone } from '../src/playbook/zone.ts';
import type { Incident } from '../src/store/incidents.ts';
import type { Step } from '../src/store/records.ts';
import { parseField } from '../src/ui/fields.ts';
import { parseArgs, type ParsedArgs } from './args.ts';
import type { ArgContext, ArgKind, RawArg } from './define.ts';
import { incidentFromArgs, requireFact, requireStep, requireStepNumber } from './preconditions.ts';

/**
 * The typed argument kinds a command declares. Each says which words it can be, checks a value
 * with the existing messages (UserError, naming the field) and gives a typed value; the rules about
 * incidents, steps and facts stay in preconditions.ts and are called from here.
 */

const word = (raw: RawArg): string | undefined => {
  if (raw === undefined || raw === '') return undefined;
  if (Array.isArray(raw)) return raw[0];
  return typeof raw === 'object' ? undefined : String(raw);
};
const words = (raw: RawArg): string[] => (raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : typeof raw === 'object' ? [] : [String(raw)]);
const incidentOf = (ctx: ArgContext): Incident => ctx.values.key as Incident;
const isKey = (w: string) => KEY_PATTERN.test(w.toUpperCase());

/**
 * The incident a command is about: a key, or left out inside its war room. `need: 'always'` refuses
 * a command with neither; `'never'` gives undefined (status then lists the open incidents).
 */
export function incident(need: 'always'): ArgKind<Incident>;
export function incident(need: 'never'): ArgKind<Incident | undefined>;
export function incident(need: 'always' | 'never'): ArgKind<Incident | undefined> {
  return {
    kind: 'incident',
    take: 'one',
    claimsStrays: true,
    accepts: isKey,
    exact: (w) => KEY_PATTERN.test(w),
    option: { type: 'string', maxLength: 40 },
    async resolve(raw, ctx) {
      const found = await incidentFromArgs(ctx.core, ctx.inv, word(raw));
      if (!found && need === 'always') throw new UserError(t(ctx.inv.locale, 'err.keyArg', { command: ctx.command }), 'key');
      return found;
    },
  };
}

const NUMBER = /^\d+$/;

/** One or more of the incident's step numbers (`tick KEY 1 2 3`); each is checked before any is used. */
export const stepNumbers: ArgKind<number[]> = {
  kind: 'steps',
  take: 'many',
  accepts: (w) => NUMBER.test(w),
  exact: (w) => NUMBER.test(w) && w.length <= 4,
  option: { type: 'integer', minValue: 1 },
  resolve(raw, ctx) {
    const given = words(raw).map(String);
    return (given.length ? given : [undefined]).map((w) => requireStepNumber(ctx.inv, ctx.command, incidentOf(ctx), w));
  },
};

/** One of the incident's steps, read from the store. */
export const step: ArgKind<Step> = {
  ...stepNumbers,
  kind: 'step',
  take: 'one',
  resolve: (raw, ctx) => requireStep(ctx.core, ctx.inv, ctx.command, incidentOf(ctx), word(raw)),
};

/** One of the incident's facts (`F2`), its current version. */
export const fact: ArgKind<FactVersion> = {
  kind: 'fact',
  take: 'one',
  accepts: () => true,
  exact: (w) => /^F\d{1,4}$/.test(w),
  resolve: (raw, ctx) => requireFact(ctx.core, ctx.inv, ctx.command, incidentOf(ctx), word(raw)),
};

/** A level, 1 (most severe) to 4. */
export const level: ArgKind<LevelNumber> = {
  kind: 'level',
  take: 'one',
  accepts: (w) => NUMBER.test(w),
  exact: (w) => /^[1-4]$/.test(w),
  resolve(raw, ctx) {
    const w = word(raw);
    if (!w || !/^[1-4]$/.test(w)) throw new UserError(t(ctx.inv.locale, 'err.levelArg', { value: w ?? '' }), 'level');
    return Number(w) as LevelNumber;
  },
};

/**
 * One of fixed choices, typed in any case. Any word may be meant as one, so a wrong one is refused
 * by `refuse` (its message names what fits) rather than taken for something else; `fallback` is
 * the value when it is left out (undefined when there is none and `refuse` is not asked to).
 */
export function choice<V extends string>(
  values: readonly V[],
  opts: { labels?: (v: V) => MessageKey; offered?: readonly V[]; refuse: (value: string, ctx: ArgContext) => string; fallback?: V; required?: boolean; field?: string },
): ArgKind<V | undefined> {
  return {
    kind: 'choice',
    take: 'one',
    accepts: () => true,
    exact: (w) => (values as readonly string[]).includes(w),
    option: { type: 'string', choices: opts.labels ? (opts.offered ?? values).map((v) => ({ value: v, label: opts.labels!(v) })) : undefined },
    resolve(raw, ctx) {
      const w = word(raw)?.toLowerCase();
      if (w === undefined && !opts.required) return opts.fallback;
      if (w !== undefined && (values as readonly string[]).includes(w)) return w as V;
      throw new UserError(opts.refuse(word(raw) ?? '', ctx), opts.field ?? 'choice');
    },
  };
}

/** A fixed word that changes what the command does (`level KEY keep 2`); true when it was typed. */
export const flag = (literal: string): ArgKind<boolean> => ({
  kind: 'flag',
  take: 'one',
  accepts: (w) => w.toLowerCase() === literal,
  exact: (w) => w === literal,
  resolve: (raw) => word(raw)?.toLowerCase() === literal,
});

/** The rest of the line as typed (an update, a dispute's note); `max` characters at most when given. */
export const text = (opts: { max?: number; optionMax?: number } = {}): ArgKind<string | undefined> => ({
  kind: 'text',
  take: 'rest',
  accepts: () => true,
  exact: () => false,
  option: { type: 'string', maxLength: opts.optionMax ?? opts.max },
  resolve(raw, ctx) {
    const value = words(raw).join(' ').trim();
    if (opts.max !== undefined && value.length > opts.max) throw new UserError(t(ctx.inv.locale, 'commands.err.tooLong', { max: opts.max, n: value.length }), 'text');
    return value || undefined;
  },
});

/** A duration (`15m`, `2h`, `1h30m`). */
export const duration: ArgKind<number | undefined> = {
  kind: 'duration',
  take: 'one',
  accepts: (w) => tryParseDuration(w).ok,
  exact: (w) => tryParseDuration(w).ok,
  option: { type: 'string', maxLength: 20 },
  resolve(raw, ctx) {
    const w = word(raw);
    if (w === undefined) return undefined;
    const r = tryParseDuration(w);
    if (!r.ok) throw new UserError(t(ctx.inv.locale, 'commands.err.duration', { value: w }), 'duration');
    return r.ms;
  },
};

/** A time as people write it (src/ui/times.ts), in the reader's zone; the rest of the line (`2026-12-02 14:30`, `10 min ago`). */
export const time: ArgKind<Date | undefined> = {
  kind: 'time',
  take: 'rest',
  accepts: () => true,
  exact: () => false,
  option: { type: 'string', maxLength: 40 },
  resolve(raw, ctx) {
    const value = words(raw).join(' ').trim();
    if (!value) return undefined;
    const field = { name: 'time', label: 'time', kind: 'datetime', required: true } as const;
    const parsed = parseField(field, value, ctx.inv.locale, ctx.core.now(), readerZone(ctx.core.playbook, ctx.inv));
    if (!parsed.ok) throw new UserError(parsed.error, 'time');
    return parsed.value as Date;
  },
};

/** A person or a role named as typed (one word, a mention included); checked against the roster by the command for now. */
export const name = (kind: 'person' | 'role'): ArgKind<string | undefined> => ({
  kind,
  take: 'one',
  accepts: () => true,
  exact: (w) => /^[\w.@<>:-]{1,80}$/.test(w),
  option: { type: 'string', maxLength: 80 },
  resolve: (raw) => word(raw),
});

/** `field=value …` and free words, as the raise form's prefill (unknown fields are the form's to explain). */
export const prefill = (maxTitle: number): ArgKind<ParsedArgs> => ({
  kind: 'prefill',
  take: 'all',
  accepts: () => true,
  exact: () => false,
  option: { type: 'string', maxLength: maxTitle },
  // Discord's one option is the title, taken as typed (never read as `field=value`).
  fromOption: (v) => ({ named: [['title', String(v)]], positional: [] }),
  resolve(raw) {
    if (raw !== undefined && typeof raw === 'object' && !Array.isArray(raw)) return raw;
    return parseArgs(typeof raw === 'number' ? String(raw) : words(raw).join(' '));
  },
});
