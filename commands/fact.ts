import { disputeField, factFields, factValues, readFact, verifyNoteField } from '../src/assessment/forms.ts';
import { addFact, disputeFact, verifyFact } from '../src/assessment/service.ts';
import type { Core } from '../src/core.ts';
import type { FactVersion } from '../src/domain/assessment.ts';
import { t } from '../src/i18n/index.ts';
import type { Locale } from '../src/playbook/text.ts';
import { UserError } from '../src/core.ts';
import { readerZone } from '../src/playbook/zone.ts';
import type { Incident } from '../src/store/incidents.ts';
import { note } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form, type Form } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { prefillForm } from './inline.ts';
import { choice, fact, incident, text } from './kinds.ts';
import { requireNotAuthor } from './preconditions.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

function factForm(L: Locale, incident: Incident, mode: 'add' | 'correct', fact?: FactVersion, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  const context = mode === 'add' ? `add:${incident.key}` : `correct:${incident.key}:${fact!.id}`;
  const title = mode === 'add' ? t(L, 'fact.form.title', { key: incident.key }) : t(L, 'fact.form.correct', { key: incident.key, id: fact!.id });
  const f = form('fact', title, t(L, 'fact.form.submit'), factFields(L), context, values, errors);
  return mode === 'correct' ? { ...f, editing: true } : f;
}

function disputeForm(L: Locale, incident: Incident, fact: FactVersion, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  return form('fact', t(L, 'fact.form.dispute', { key: incident.key, id: fact.id }), t(L, 'fact.form.disputeSubmit'), [disputeField(L)], `dispute:${incident.key}:${fact.id}`, values, errors);
}

async function dispute(core: Core, inv: Invocation, incident: Incident, fact: FactVersion, raw: string, values: Record<string, string> = { note: raw }): Promise<Outcome> {
  const checked = parseForm([disputeField(inv.locale)], { note: raw }, inv.locale, core.now());
  if (checked.errors.note) return { kind: 'form', form: disputeForm(inv.locale, incident, fact, values, checked.errors) };
  const r = await disputeFact(core, incident, fact.id, String(checked.values.note!.value), inv.user, inv.eventKey);
  return reply(note(t(inv.locale, 'fact.done.disputed', { id: r.fact.id, key: incident.key }), 'warning'));
}

const ACTIONS = ['add', 'verify', 'dispute', 'correct'] as const;
const actionArg = choice(ACTIONS, {
  fallback: 'add',
  refuse: (action, { inv, values }) => t(inv.locale, 'err.factAction', { action, key: (values.key as Incident).key }),
});
const onAFact = (v: Record<string, unknown>) => v.action !== 'add';

/**
 * `fact [KEY] [add]` opens the Add fact form; `fact [KEY] verify F2`, `fact [KEY] dispute F2 [note]`
 * and `fact [KEY] correct F2` act on a fact (the buttons on each fact's card are these commands).
 * A form comes back with its context: `add:KEY`, `correct:KEY:F2`, `dispute:KEY:F2`.
 */
export const factCommand = defineCommand({
  name: 'fact',
  help: 'help.fact',
  args: [arg('key', incident('always')), arg('action', actionArg), arg('fact', fact, { when: onAFact }), arg('note', text())],
  label: (v) => (v.action && v.action !== 'add' ? `fact ${String(v.action)}` : 'fact'),
  preconditions: ['notClosed', { name: 'notAuthor', when: (v) => v.action === 'verify' }],
  buttons: {
    'assess.fact': { parts: ['key'] },
    'fact.verify': { parts: ['key', 'fact'], fixed: { action: 'verify' } },
    'fact.dispute': { parts: ['key', 'fact'], fixed: { action: 'dispute' } },
    'fact.correct': { parts: ['key', 'fact'], fixed: { action: 'correct' } },
  },

  async run(core, inv, { key: incident, action, fact: f, note: words }) {
    const L = inv.locale;
    switch (action) {
      case 'verify': {
        // What the verifier says after the fact id (`verify F2 called the site`) is kept with it.
        const said = words ? parseForm([verifyNoteField(L)], { note: words }, L, core.now()) : undefined;
        if (said?.errors.note) throw new UserError(said.errors.note);
        const r = await verifyFact(core, incident, f.id, inv.user, inv.eventKey, said ? String(said.values.note!.value) : undefined);
        // The version verified may be newer than the one read (a correction since): the same rule holds for it.
        if (!r.changed && r.why?.why === 'own') requireNotAuthor(core, inv, incident, r.fact);
        if (!r.changed) return reply(note(t(L, 'fact.already', { id: f.id, key: incident.key, user: r.fact.verifiedBy?.name ?? '?' })));
        return reply(note(t(L, 'fact.done.verified', { id: f.id, key: incident.key }), 'success'));
      }
      case 'dispute':
        if (!words) return { kind: 'form', form: disputeForm(L, incident, f) };
        return dispute(core, inv, incident, f, words);
      case 'correct':
        return { kind: 'form', form: factForm(L, incident, 'correct', f, factValues(f)) };
      default:
        // `fact KEY add what="…" where=…`: the typed fields fill the form, as the raise's do.
        return { kind: 'form', form: prefillForm(core, inv, factForm(L, incident, 'add'), words) };
    }
  },

  formArgs: (context) => {
    const [mode, key, id] = context.split(':');
    return { key, action: mode, fact: id };
  },
  async submit(core, inv, { key: incident, action, fact: f }, values) {
    const L = inv.locale;
    if (action === 'dispute') return dispute(core, inv, incident, f, values.note ?? '', values);
    const checked = parseForm(factFields(L), values, L, core.now(), readerZone(core.playbook, inv));
    if (Object.keys(checked.errors).length) return { kind: 'form', form: factForm(L, incident, action === 'correct' ? 'correct' : 'add', f, values, checked.errors) };
    const added = await addFact(core, incident, readFact(checked.values), inv.user, { corrects: f?.id, eventKey: inv.eventKey });
    if (!added) return reply(note(t(L, 'form.duplicate')));
    return reply(note(t(L, added.v > 1 ? 'fact.done.corrected' : 'fact.done.added', { id: added.id, v: added.v, key: incident.key }), 'success'));
  },
});
