import { readDue, readOwner, checkRca, rcaFields, rcaValues, WHYS } from '../src/actions/forms.ts';
import { openActionsFor } from '../src/actions/list.ts';
import { ACTION_SOURCES, latestRca, type ActionSource, type TrackedAction } from '../src/actions/model.ts';
import { actionsCard, openActionsCard, rcaCard } from '../src/actions/messaging.ts';
import { ownerPeople } from '../src/actions/owners.ts';
import { addActions, completeAction, recordRca, type ActionResult } from '../src/actions/service.ts';
import { UserError, type Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { readerZone } from '../src/playbook/zone.ts';
import type { Incident } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { form, type Form } from '../src/ui/form.ts';
import { tokenize } from './args.ts';
import { arg, defineCommand, type ArgKind, type RawArg } from './define.ts';
import { choice, incident } from './kinds.ts';
import { readStepLinks, recoveryVerb } from './recovery-verbs.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

/**
 * `/crisis action`: the root-cause analysis and the tracked improvement actions, as verbs of one
 * command (Discord allows one more subcommand): `KEY rca [show]`, `KEY add TITLE owner=… due=…
 * [source=…]`, `KEY done A1 [note]`, `[KEY] [list]` — without KEY (and outside a war room), every open
 * action the asker may see. The recovery plan's verbs (goal, progress, recovery, evaluate, and
 * `add … goal= resource=`) live in recovery-verbs.ts.
 */

const VERBS = ['list', 'add', 'done', 'rca', 'goal', 'progress', 'recovery', 'evaluate'] as const;
const word = (raw: RawArg) => (Array.isArray(raw) ? raw[0] : typeof raw === 'object' ? undefined : raw === undefined || raw === '' ? undefined : String(raw));
const NAMED = new Set(['owner', 'due', 'source', 'key', 'verb', 'item', 'text', 'goal', 'resource']);

/** `A2` after done or progress; `show` after rca. On Discord it may carry the goal kind of goal/evaluate (typed, the kind is the text's first word). */
const item: ArgKind<string | undefined> = {
  kind: 'action',
  take: 'one',
  accepts: (w) => /^(A\d{1,4}|show)$/i.test(w),
  exact: (w) => /^(A\d{1,4}|show)$/.test(w),
  option: { type: 'string', maxLength: 8 },
  // An action id or `show` reads in capitals; a goal kind on Discord keeps its case, so an error quotes it as typed.
  resolve: (raw) => {
    const w = word(raw);
    return w && /^(a\d+|show)$/i.test(w) ? w.toUpperCase() : w;
  },
};

/** A value given only as `name=value` (or a Discord option): never taken from the free words. */
const named = (max: number): ArgKind<string | undefined> => ({ kind: 'named', take: 'one', accepts: () => false, exact: (w) => w.length <= max, option: { type: 'string', maxLength: max }, resolve: (raw) => word(raw) });

/** The title (add) or note (done): the free words, the `name=value` parts taken out (the text parser hands the rest of the line as typed). */
const freeText: ArgKind<string | undefined> = {
  kind: 'text',
  take: 'rest',
  accepts: () => true,
  exact: () => false,
  option: { type: 'string', maxLength: 200 },
  resolve(raw, ctx) {
    const typed = Array.isArray(raw) ? raw.join(' ') : word(raw) ?? '';
    const value = tokenize(typed).filter((tok) => !(tok.name && NAMED.has(tok.name))).map((tok) => tok.typed).join(' ').trim();
    if (value.length > 200) throw new UserError(t(ctx.inv.locale, 'commands.err.tooLong', { max: 200, n: value.length }), 'text');
    return value || undefined;
  },
};

const rcaForm = (inv: Invocation, i: Incident, given: Record<string, string>, errors: Record<string, string> = {}): Form => {
  // A why left empty has no category to ask for when the form comes back.
  const values = { ...given };
  for (let k = 1; k <= WHYS; k++) if (!values[`why${k}`]?.trim() && values[`cat${k}`] === undefined && Object.keys(errors).length) values[`cat${k}`] = '';
  const f = form('action', t(inv.locale, 'rca.form.title', { key: i.key }), t(inv.locale, 'rca.form.submit'), rcaFields(inv.locale), `rca:${i.key}`, values, errors);
  return Object.keys(errors).length || !latestRca(i.rca) ? f : { ...f, editing: true };
};

/** Marking done: the action's owner (or a holder of its role), whoever added it, or the lead. */
function requireMayComplete(core: Core, inv: Invocation, i: Incident, a: TrackedAction): void {
  if (i.lead?.id === inv.user.id || a.by.id === inv.user.id || ownerPeople(core.playbook, i, a.owner).some((p) => p.id === inv.user.id)) return;
  throw new UserError(t(inv.locale, 'actions.err.notOwner', { id: a.id, key: i.key, lead: i.lead?.name ?? '—' }));
}

function answer(inv: Invocation, r: ActionResult & { duplicate: boolean; incident: Incident }, done: string): Outcome {
  const L = inv.locale;
  if (!r.ok) return { kind: 'reply', cards: [note(t(L, `actions.refused.${r.why}`, { id: r.id, key: r.incident.key, ids: (r.incident.actions ?? []).map((a) => a.id).join(', ') || '—' }), 'warning')], refused: true };
  if (r.duplicate) return reply(note(t(L, 'form.duplicate')));
  return reply(note(done, 'success'));
}

const needKey = (inv: Invocation, i: Incident | undefined, verb: string): Incident => {
  if (!i) throw new UserError(t(inv.locale, 'err.keyArg', { command: `action ${verb}` }), 'key');
  return i;
};

export const actionCommand = defineCommand({
  name: 'action',
  help: 'help.action',
  description: 'discord.cmd.action',
  args: [
    arg('key', incident('never'), { description: 'discord.opt.keyOptional' }),
    arg('verb', choice<(typeof VERBS)[number]>(VERBS, { fallback: 'list', labels: (v) => `actions.verb.${v}`, refuse: (value, { inv }) => t(inv.locale, 'actions.err.verb', { value }), field: 'verb' }), { description: 'actions.opt.verb', required: true }),
    arg('item', item, { when: (v) => ['done', 'rca', 'progress', 'goal', 'evaluate'].includes(String(v.verb)), description: 'actions.opt.item' }),
    arg('owner', named(80), { when: (v) => v.verb === 'add', description: 'actions.opt.owner' }),
    arg('due', named(40), { when: (v) => v.verb === 'add', description: 'actions.opt.due' }),
    arg('source', { ...choice<ActionSource>(ACTION_SOURCES, { fallback: 'lesson', labels: (s) => `actions.source.${s}`, refuse: (value, { inv }) => t(inv.locale, 'err.choice', { field: 'source', value, choices: ACTION_SOURCES.join(', ') }), field: 'source' }), accepts: () => false }, { when: (v) => v.verb === 'add', description: 'actions.opt.source' }),
    arg('goal', named(20), { when: (v) => v.verb === 'add', description: 'actions.opt.goal' }),
    arg('resource', named(10), { when: (v) => v.verb === 'add', description: 'actions.opt.resource' }),
    arg('text', freeText, { description: 'actions.opt.text' }),
  ],
  label: (v) => `action ${String(v.verb ?? '')}`.trim(),
  buttons: {
    'action.done': { parts: ['key', 'item'], fixed: { verb: 'done' } },
    'action.rca': { parts: ['key'], fixed: { verb: 'rca' } },
  },

  async run(core, inv, { key: found, verb, item: id, owner, due, source, goal, resource, text: words }) {
    const L = inv.locale;
    if (verb === 'list' && !found) {
      const rows = await openActionsFor(core, { platform: inv.platform, workspace: inv.workspace, id: inv.user.id }, inv.membership);
      return reply(openActionsCard(core, L, core.now(), rows));
    }
    const i = needKey(inv, found, String(verb));
    switch (verb) {
      case 'rca':
        if (id === 'SHOW') return reply(rcaCard(core, i, L));
        return { kind: 'form', form: rcaForm(inv, i, rcaValues(latestRca(i.rca))) };
      case 'add': {
        if (!words) throw new UserError(t(L, 'actions.err.titleMissing', { key: i.key }), 'title');
        const o = readOwner(core, inv.platform, L, owner ?? '');
        if (!o.ok) throw new UserError(o.error, 'owner');
        const d = readDue(core, L, readerZone(core.playbook, inv), due ?? '');
        if (!d.ok) throw new UserError(d.error, 'due');
        const links = readStepLinks(core, inv, i, goal, resource);
        const r = await addActions(core, i, [{ title: words, owner: o.owner, due: d.due.getTime(), source: source ?? 'lesson', ...links }], inv.user, inv.eventKey);
        return answer(inv, r, t(L, 'actions.done.added', { id: r.ok ? r.ids[0]! : '', key: i.key }));
      }
      case 'done': {
        const a = (i.actions ?? []).find((x) => x.id === id);
        if (!id || !/^A\d+$/.test(id) || !a) throw new UserError(t(L, id ? 'actions.refused.unknown' : 'actions.err.idMissing', { id: id ?? '', key: i.key, ids: (i.actions ?? []).map((x) => x.id).join(', ') || '—' }), 'action');
        requireMayComplete(core, inv, i, a);
        return answer(inv, await completeAction(core, i, a.id, words, inv.user, inv.eventKey), t(L, 'actions.done.done', { id: a.id, key: i.key }));
      }
      case 'goal':
      case 'progress':
      case 'recovery':
      case 'evaluate':
        return recoveryVerb(core, inv, i, verb, id, words);
      default:
        return reply(actionsCard(core, i, L, core.now()));
    }
  },

  formArgs: (context) => {
    const [, key] = context.split(':');
    return { key, verb: 'rca' };
  },
  async submit(core, inv, { key: found }, values) {
    const i = needKey(inv, found, 'rca');
    const checked = checkRca(core, inv.platform, inv.locale, readerZone(core.playbook, inv), i, values);
    if (!checked.ok) return { kind: 'form', form: rcaForm(inv, i, values, checked.errors) };
    const r = await recordRca(core, i, checked.value, inv.user, inv.eventKey);
    const v = r.ok ? (r.v ?? 1) : 1;
    return answer(inv, r, t(inv.locale, r.ok && r.ids.length ? 'rca.done.withActions' : 'rca.done.recorded', { v, key: i.key, ids: r.ok ? r.ids.join(', ') : '' }));
  },
});
