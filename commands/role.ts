import { UserError } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { LEAD_ROLE, platformId } from '../src/incidents/roster.ts';
import { roleLabel, rolesCard } from '../src/people/messaging.ts';
import type { RoleAction, RoleRefusal } from '../src/people/roles.ts';
import { changeRole } from '../src/people/service.ts';
import type { Incident, PersonRef } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { form, type Form } from '../src/ui/form.ts';
import type { Core } from '../src/core.ts';
import { arg, defineCommand, type RawArg } from './define.ts';
import { choice, incident } from './kinds.ts';
import { findPerson, person, personOn, roleOrPerson } from './people-kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

const ACTIONS = ['show', 'claim', 'release', 'assign', 'handover', 'accept', 'withdraw'] as const;
type Action = (typeof ACTIONS)[number];
const actionArg = choice(ACTIONS, { fallback: 'show', refuse: (action, { inv }) => t(inv.locale, 'people.err.action', { action }), field: 'action' });
const namesRole = (v: Record<string, unknown>) => v.action === 'claim' || v.action === 'release' || v.action === 'assign';
const isHandover = (v: Record<string, unknown>) => v.action === 'handover';

/** The person who typed it, as the roster knows them here: only they can hold a role. */
function me(core: Core, inv: Invocation): PersonRef {
  const p = core.playbook.roster.find((x) => platformId(x, inv.platform) === inv.user.id);
  if (!p) throw new UserError(t(inv.locale, 'people.err.notInRoster'), 'person');
  return { id: inv.user.id, name: p.name };
}

/** Assigning and handing over are the lead's to do (the lead at the time of asking). */
function requireLeadToAssign(inv: Invocation, i: Incident): void {
  if (i.lead && i.lead.id !== inv.user.id) throw new UserError(t(inv.locale, 'people.err.notLeadAssign', { lead: i.lead.name, key: i.key }));
}

function handoverForm(inv: Invocation, i: Incident, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  const L = inv.locale;
  const fields = [{ name: 'person', label: t(L, 'people.handover.form.person'), kind: 'text' as const, required: true, maxLength: 80 }];
  return form('role', t(L, 'people.handover.form.title', { key: i.key }), t(L, 'people.handover.form.submit'), fields, `handover:${i.key}`, values, errors);
}

function refusal(inv: Invocation, i: Incident, why: RoleRefusal, who: PersonRef | undefined, roleId: string | undefined, core: Core): string {
  const h = i.handover;
  return t(inv.locale, `people.refused.${why}`, {
    key: i.key,
    who: who?.name ?? '',
    role: roleId ? roleLabel(core.playbook, roleId, inv.locale) : '',
    to: h?.to.name ?? '',
    from: h?.from.name ?? i.lead?.name ?? '',
  });
}

async function act(core: Core, inv: Invocation, i: Incident, action: RoleAction, roleId?: string): Promise<Outcome> {
  const r = await changeRole(core, i, action, inv.user, inv.eventKey);
  const who = 'who' in action ? action.who : undefined;
  if (r.refused) return reply(note(refusal(inv, r.incident, r.refused, who, roleId, core)));
  const role = roleId ? roleLabel(core.playbook, roleId, inv.locale) : '';
  const done = t(inv.locale, `people.done.${action.kind}`, { key: i.key, role, who: who?.name ?? '', lead: r.incident.lead?.name ?? '' });
  return reply(note(done, 'success'));
}

/**
 * `role [KEY]` shows the Roles card; `claim ROLE`, `release ROLE`, `assign ROLE PERSON` change who
 * holds a role; `handover PERSON` (or assigning crisis_lead) offers the lead, which takes effect
 * when that person runs `accept`; `withdraw` takes the offer back. The card's buttons are these commands.
 */
export const roleCommand = defineCommand({
  name: 'role',
  help: 'help.role',
  description: 'discord.cmd.role',
  args: [
    arg('key', incident('always'), { description: 'discord.opt.keyOptional' }),
    arg('action', actionArg, { description: 'discord.opt.roleAction' }),
    arg('target', roleOrPerson(isHandover), { when: (v) => namesRole(v) || isHandover(v), description: 'discord.opt.roleOrPerson' }),
    arg('person', person(), { when: (v) => v.action === 'assign', description: 'discord.opt.person' }),
  ],
  label: (v) => (v.action && v.action !== 'show' ? `role ${String(v.action)}` : 'role'),
  buttons: {
    'role.claim': { parts: ['key', 'target'], fixed: { action: 'claim' } },
    'role.handover': { parts: ['key'], fixed: { action: 'handover' } },
    'role.accept': { parts: ['key'], fixed: { action: 'accept' } },
    'role.withdraw': { parts: ['key'], fixed: { action: 'withdraw' } },
  },

  async run(core, inv, { key: i, action, target, person: assignee }) {
    const at = core.now();
    const roleId = typeof target === 'string' ? target : undefined;
    const who = typeof target === 'object' ? target : assignee;
    switch (action as Action) {
      case 'claim':
        return act(core, inv, i, { kind: 'claim', role: roleId!, who: me(core, inv) }, roleId);
      case 'release':
        return act(core, inv, i, { kind: 'release', role: roleId!, who: me(core, inv) }, roleId);
      case 'assign':
        requireLeadToAssign(inv, i);
        if (roleId === LEAD_ROLE) return act(core, inv, i, { kind: 'propose', who: who!, by: inv.user, at });
        return act(core, inv, i, { kind: 'assign', role: roleId!, who: who!, by: inv.user }, roleId);
      case 'handover':
        requireLeadToAssign(inv, i);
        if (!who) return { kind: 'form', form: handoverForm(inv, i) };
        return act(core, inv, i, { kind: 'propose', who, by: inv.user, at });
      case 'accept':
        return act(core, inv, i, { kind: 'accept', who: { id: inv.user.id, name: inv.user.name } });
      case 'withdraw':
        return act(core, inv, i, { kind: 'withdraw', who: { id: inv.user.id, name: inv.user.name } });
      default:
        return reply(rolesCard(core, i));
    }
  },

  formArgs: (context): Record<string, RawArg> => {
    const [, key] = context.split(':');
    return { key, action: 'handover' };
  },
  async submit(core, inv, { key: i }, values) {
    requireLeadToAssign(inv, i);
    const typed = (values.person ?? '').trim();
    const found = typed ? findPerson(core.playbook, inv.platform, typed) : undefined;
    if (!found) {
      const error = typed
        ? t(inv.locale, 'people.err.person', { value: typed, choices: core.playbook.roster.map((p) => `${p.id} (${p.name})`).join(', ') })
        : t(inv.locale, 'people.err.personMissing', { command: 'role handover', example: core.playbook.roster[0]?.id ?? 'alice' });
      return { kind: 'form', form: handoverForm(inv, i, values, { person: error }) };
    }
    let who: PersonRef;
    try {
      who = personOn({ inv }, found);
    } catch (err) {
      return { kind: 'form', form: handoverForm(inv, i, values, { person: (err as Error).message }) };
    }
    return act(core, inv, i, { kind: 'propose', who, by: inv.user, at: core.now() });
  },
});
