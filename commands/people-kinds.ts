import type { Platform } from '../adapters/port.ts';
import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { platformId } from '../src/incidents/roster.ts';
import { planRoles } from '../src/people/roles.ts';
import type { Person, Playbook } from '../src/playbook/schema.ts';
import type { Incident, PersonRef } from '../src/store/records.ts';
import type { ArgContext, ArgKind, RawArg } from './define.ts';

/**
 * Argument kinds for roles and people (commands/role.ts, commands/roster.ts). A wrong value is
 * refused with the field named and the choices listed, so nothing has to be guessed.
 */

const word = (raw: RawArg): string | undefined => {
  if (raw === undefined || raw === '') return undefined;
  if (Array.isArray(raw)) return raw[0];
  return typeof raw === 'object' ? undefined : String(raw);
};

const ROLE_ID = /^[a-z][a-z0-9_]*$/;

/**
 * A role: of the incident's plan when the command names an incident (`key` before it), else any
 * role of roles.yml (the roster). `required` refuses a command that leaves it out.
 */
export const role = (required: boolean): ArgKind<string | undefined> => ({
  kind: 'role',
  take: 'one',
  accepts: () => true,
  exact: (w) => ROLE_ID.test(w) && w.length <= 60,
  option: { type: 'string', maxLength: 60 },
  resolve(raw, ctx) {
    const w = word(raw)?.toLowerCase();
    const incident = ctx.values.key as Incident | undefined;
    const pb = ctx.core.playbook;
    const ids = incident ? planRoles(pb, incident) : pb.roles.map((r) => r.id);
    const choices = ids.join(', ');
    if (w === undefined) {
      if (!required) return undefined;
      throw new UserError(t(ctx.inv.locale, 'people.err.roleMissing', { command: ctx.command, key: incident?.key ?? '', choices }), 'role');
    }
    // A role's name as shown (Security lead) is taken too, ignoring case.
    const byName = pb.roles.find((r) => r.name.en.toLowerCase() === w || r.name['zh-CN'] === w)?.id;
    const id = ids.includes(w) ? w : byName && ids.includes(byName) ? byName : undefined;
    if (!id) throw new UserError(t(ctx.inv.locale, incident ? 'people.err.role' : 'people.err.roleAny', { value: word(raw)!, key: incident?.key ?? '', choices }), 'role');
    return id;
  },
});

/** A mention as the platforms write it (`<@U123>`, `<@!123>`), or the word itself. */
const unmention = (w: string) => w.match(/^<@!?([\w.-]+)(\|[^>]*)?>$/)?.[1] ?? w.replace(/^@/, '');

/** The roster entry a typed word names: its id, platform id, shell handle or (ignoring case) display name. */
export function findPerson(pb: Playbook, platform: Platform, typed: string): Person | undefined {
  const w = unmention(typed);
  const lower = w.toLowerCase();
  return pb.roster.find((p) => p.id === w || platformId(p, platform) === w) ?? pb.roster.find((p) => p.name.toLowerCase() === lower || p.name.split(' ')[0]!.toLowerCase() === lower);
}

/** Who the person is on this platform, or a UserError saying which id roster.yml lacks. */
export function personOn(ctx: Pick<ArgContext, 'inv'>, p: Person): PersonRef {
  const id = platformId(p, ctx.inv.platform);
  if (!id) throw new UserError(t(ctx.inv.locale, 'people.err.noPlatformId', { name: p.name, platform: ctx.inv.platform }), 'person');
  return { id, name: p.name };
}

/** A person from the roster, as they are known on the platform the command came from; may be left out when `optional` says so. */
export const person = (optional: (values: Record<string, unknown>) => boolean = () => false): ArgKind<PersonRef | undefined> => ({
  kind: 'person',
  take: 'one',
  accepts: () => true,
  exact: (w) => /^[\w.@<>!|:-]{1,80}$/.test(w),
  option: { type: 'string', maxLength: 80 },
  resolve(raw, ctx) {
    const w = word(raw);
    const pb = ctx.core.playbook;
    if (w === undefined && optional(ctx.values)) return undefined;
    if (w === undefined) throw new UserError(t(ctx.inv.locale, 'people.err.personMissing', { command: ctx.command, example: pb.roster[0]?.id ?? 'alice' }), 'person');
    const found = findPerson(pb, ctx.inv.platform, w);
    if (!found) throw new UserError(t(ctx.inv.locale, 'people.err.person', { value: w, choices: pb.roster.map((p) => `${p.id} (${p.name})`).join(', ') }), 'person');
    return personOn(ctx, found);
  },
});

/**
 * The word after the action of `/crisis role`: a role (claim, release, assign) or, after
 * `handover`, the person offered the lead (left out: the form asks). One positional word, read by
 * what the action needs, since the text parser places words before anything is checked.
 */
export function roleOrPerson(personFor: (values: Record<string, unknown>) => boolean): ArgKind<string | PersonRef | undefined> {
  const asRole = role(true);
  const asPerson = person(() => true);
  return {
    kind: 'role',
    take: 'one',
    accepts: () => true,
    exact: (w) => asRole.exact(w) || asPerson.exact(w),
    option: { type: 'string', maxLength: 80 },
    resolve: (raw, ctx) => (personFor(ctx.values) ? asPerson.resolve(raw, ctx) : asRole.resolve(raw, ctx)),
  };
}
