import type { Core } from '../src/core.ts';
import { UserError } from '../src/core.ts';
import { current, STATEMENT_KINDS, type Rumour, type Statement, type StatementKind } from '../src/domain/statements.ts';
import { t } from '../src/i18n/index.ts';
import { roleName } from '../src/incidents/messaging.ts';
import type { Locale } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { checkDraft, checkText, draftFields, draftValues, noteField, templateText, textFields, textValues } from '../src/statements/forms.ts';
import { channelName, statementsList, statusLabel, waitingRoles } from '../src/statements/messaging.ts';
import {
  approveStatement, draftStatement, editStatement, publicationChannels, publishStatement, requestStatementChanges, type StatementResult,
} from '../src/statements/service.ts';
import { findIncident, type Incident } from '../src/store/incidents.ts';
import { note } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form, type Form } from '../src/ui/form.ts';
import type { ArgKind } from './define.ts';
import { arg, defineCommand } from './define.ts';
import { choice, incident, text } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

const ACTIONS = ['draft', 'approve', 'changes', 'edit', 'publish', 'correct', ...STATEMENT_KINDS] as const;
type Action = (typeof ACTIONS)[number];
const onAStatement = (v: Record<string, unknown>) => ['approve', 'changes', 'edit', 'publish', 'correct'].includes(String(v.action));

/** One of the incident's statements (`S2`). */
const statementArg: ArgKind<Statement> = {
  kind: 'statement',
  take: 'one',
  accepts: () => true,
  exact: (w) => /^S\d{1,4}$/.test(w),
  option: { type: 'string', maxLength: 6 },
  resolve(raw, ctx) {
    const incident = ctx.values.key as Incident;
    const id = (Array.isArray(raw) ? raw[0] : typeof raw === 'string' ? raw : undefined)?.toUpperCase();
    const L = ctx.inv.locale;
    if (!id || !/^S\d+$/.test(id)) throw new UserError(t(L, 'statement.err.statementArg', { key: incident.key, action: String(ctx.values.action) }), 'statement');
    const found = incident.statements?.find((s) => s.id === id);
    if (!found) throw new UserError(t(L, 'statement.err.unknown', { key: incident.key, id, ids: (incident.statements ?? []).map((s) => s.id).join(', ') || '—' }), 'statement');
    return found;
  },
};

/** One of the incident's rumours (`R1`), for a rebuttal drafted from the rumours card. */
const rumourArg: ArgKind<Rumour | undefined> = {
  kind: 'rumour',
  take: 'one',
  accepts: (w) => /^R\d{1,4}$/i.test(w),
  exact: (w) => /^R\d{1,4}$/.test(w),
  resolve(raw, ctx) {
    const incident = ctx.values.key as Incident;
    const id = (Array.isArray(raw) ? raw[0] : typeof raw === 'string' ? raw : undefined)?.toUpperCase();
    if (!id) return undefined;
    const found = incident.rumours?.find((r) => r.id === id);
    if (!found) throw new UserError(t(ctx.inv.locale, 'rumour.err.unknown', { key: incident.key, id, ids: (incident.rumours ?? []).map((r) => r.id).join(', ') || '—' }), 'rumour');
    return found;
  },
};

function draftForm(core: Core, inv: Invocation, incident: Incident, values: Record<string, string>, errors: Record<string, string> = {}, correcting?: Statement): Form {
  const L = inv.locale;
  const title = correcting ? t(L, 'statement.form.correct', { id: correcting.id, key: incident.key }) : t(L, 'statement.form.draft', { key: incident.key });
  const f = form('statement', title, t(L, 'statement.form.submit'), draftFields(core, L, incident), correcting ? `correct:${incident.key}:${correcting.id}` : `draft:${incident.key}`, values, errors);
  return Object.keys(errors).length ? f : { ...f, editing: true };
}

const editForm = (L: Locale, incident: Incident, s: Statement, values: Record<string, string>, errors: Record<string, string> = {}): Form => {
  const f = form('statement', t(L, 'statement.form.edit', { id: s.id, key: incident.key }), t(L, 'statement.form.submit'), textFields(L, incident), `edit:${incident.key}:${s.id}`, values, errors);
  return Object.keys(errors).length ? f : { ...f, editing: true };
};

const changesForm = (L: Locale, incident: Incident, s: Statement, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form =>
  form('statement', t(L, 'statement.form.changes', { id: s.id, key: incident.key }), t(L, 'statement.form.submitChanges'), [noteField(L)], `changes:${incident.key}:${s.id}`, values, errors);

/** What a refusal says: one message per reason, naming the statement and what would work. */
function refusal(core: Core, L: Locale, incident: Incident, r: StatementResult & { ok: false }): Outcome {
  const s = incident.statements!.find((x) => x.id === r.id)!;
  const roles = r.why === 'not_publisher' ? (core.playbook.statements?.publishers ?? []).map((x) => roleName(core.playbook, x, L)).join(', ') : waitingRoles(core, L, s);
  return { kind: 'reply', cards: [note(t(L, `statement.refused.${r.why}`, { id: s.id, key: incident.key, status: statusLabel(L, s), roles }), 'warning')], refused: true };
}

async function done(core: Core, inv: Invocation, incidentKey: string, r: StatementResult & { duplicate: boolean }, what: 'drafted' | 'approved' | 'changes' | 'edited' | 'published'): Promise<Outcome> {
  const L = inv.locale;
  const incident = (await findIncident(core.db, incidentKey))!;
  if (!r.ok) return refusal(core, L, incident, r);
  if (r.duplicate) return reply(note(t(L, 'form.duplicate')));
  const s = incident.statements!.find((x) => x.id === r.id)!;
  const params = { id: s.id, key: incident.key, v: r.v, roles: waitingRoles(core, L, s) };
  if (what === 'approved' && s.status === 'approved') return reply(note(t(L, 'statement.done.ready', params), 'success'));
  if (what === 'published') return reply(note(t(L, 'statement.done.published', { ...params, channels: publicationChannels(incident, s).map((c) => channelName(core, L, c)).join(', ') }), 'success'));
  return reply(note(t(L, `statement.done.${what}`, params), 'success'));
}

/**
 * `statement [KEY] [kind]` opens the draft form (from the plan's template for the kind);
 * `statement [KEY] approve|changes|edit|publish|correct S1` acts on one — the buttons on its card are
 * these commands. Forms come back with their context: `draft:KEY`, `correct:KEY:S1`, `edit:KEY:S1`, `changes:KEY:S1`.
 */
export const statementCommand = defineCommand({
  name: 'statement',
  help: 'help.statement',
  description: 'discord.cmd.statement',
  args: [
    arg('key', incident('always'), { description: 'discord.opt.keyOptional' }),
    arg('action', choice(ACTIONS, { fallback: 'draft', labels: (a) => (STATEMENT_KINDS as readonly string[]).includes(a) ? `statement.kind.${a as StatementKind}` : `statement.action.${a as 'draft'}`, refuse: (value, { inv }) => t(inv.locale, 'err.choice', { field: 'action', value, choices: ACTIONS.join(', ') }) }), { description: 'discord.opt.statementAction' }),
    // Before the statement: a word only a rumour id can be (`rebuttal R1`) is the rumour's.
    arg('rumour', rumourArg, { when: (v) => v.action === 'rebuttal' }),
    arg('statement', statementArg, { when: onAStatement, description: 'discord.opt.statementId' }),
    arg('note', text({ max: 1000 })),
  ],
  label: (v) => `statement ${String(v.action ?? 'draft')}`,
  buttons: {
    'summary.statement': { parts: ['key'] },
    'statement.approve': { parts: ['key', 'statement'], fixed: { action: 'approve' } },
    'statement.changes': { parts: ['key', 'statement'], fixed: { action: 'changes' } },
    'statement.edit': { parts: ['key', 'statement'], fixed: { action: 'edit' } },
    'statement.publish': { parts: ['key', 'statement'], fixed: { action: 'publish' } },
    'statement.correct': { parts: ['key', 'statement'], fixed: { action: 'correct' } },
    'rumour.rebut': { parts: ['key', 'rumour'], fixed: { action: 'rebuttal' } },
  },

  async run(core, inv, { key: incident, action, statement: s, rumour, note: words }) {
    const L = inv.locale;
    const zone = readerZone(core.playbook, inv);
    switch (action as Action) {
      case 'approve':
        return done(core, inv, incident.key, await approveStatement(core, incident, s.id, inv.user, inv.eventKey), 'approved');
      case 'publish':
        return done(core, inv, incident.key, await publishStatement(core, incident, s.id, inv.user, inv.eventKey), 'published');
      case 'changes':
        if (!words) return { kind: 'form', form: changesForm(L, incident, s) };
        return done(core, inv, incident.key, await requestStatementChanges(core, incident, s.id, words, inv.user, inv.eventKey), 'changes');
      case 'edit':
        if (s.status === 'published' || s.status === 'superseded') return refusal(core, L, incident, { ok: false, id: s.id, why: 'published' });
        return { kind: 'form', form: editForm(L, incident, s, textValues(current(s).text)) };
      case 'correct':
        return { kind: 'form', form: draftForm(core, inv, incident, { ...draftValues(s), kind: s.kind === 'holding' ? 'update' : s.kind }, {}, s) };
      default: {
        const kind: StatementKind = (STATEMENT_KINDS as readonly string[]).includes(String(action)) ? (action as StatementKind) : incident.statements?.length ? 'update' : 'holding';
        const values = { kind, audience: 'public', channels: '', ...textValues(templateText(core, incident, kind, zone)), ...(rumour ? { rumour: rumour.id } : {}) };
        return { kind: 'form', form: draftForm(core, inv, incident, values) };
      }
    }
  },

  formArgs: (context) => {
    const [mode, key, id] = context.split(':');
    return { key, action: mode, statement: id };
  },
  async submit(core, inv, { key: incident, action, statement: s }, values) {
    const L = inv.locale;
    if (action === 'changes') {
      const checked = parseForm([noteField(L)], values, L, core.now());
      if (checked.errors.note) return { kind: 'form', form: changesForm(L, incident, s, values, checked.errors) };
      return done(core, inv, incident.key, await requestStatementChanges(core, incident, s.id, String(checked.values.note!.value), inv.user, inv.eventKey), 'changes');
    }
    if (action === 'edit') {
      const checked = checkText(core, L, incident, s.channels, values);
      if (!checked.ok) return { kind: 'form', form: editForm(L, incident, s, values, checked.errors) };
      return done(core, inv, incident.key, await editStatement(core, incident, s.id, checked.value, inv.user, inv.eventKey), 'edited');
    }
    const checked = checkDraft(core, L, incident, values);
    if (!checked.ok) return { kind: 'form', form: draftForm(core, inv, incident, values, checked.errors, action === 'correct' ? s : undefined) };
    const input = { ...checked.value, ...(action === 'correct' ? { supersedes: s.id } : {}) };
    return done(core, inv, incident.key, await draftStatement(core, incident, input, inv.user, inv.eventKey), 'drafted');
  },
});

/** `statements [KEY]`: every statement with its status, versions and publications. */
export const statementsCommand = defineCommand({
  name: 'statements',
  help: 'help.statements',
  description: 'discord.cmd.statements',
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: incident }) {
    return reply(statementsList(core, incident, inv.locale));
  },
});
