import { disputeField, factFields, factValues, readFact } from '../src/assessment/forms.ts';
import { addFact, disputeFact, verifyFact } from '../src/assessment/service.ts';
import { UserError, type Core } from '../src/core.ts';
import type { FactVersion } from '../src/domain/assessment.ts';
import { t } from '../src/i18n/index.ts';
import type { Locale } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import type { Incident } from '../src/store/incidents.ts';
import { note } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form, type Form } from '../src/ui/form.ts';
import { splitKey } from './incident-arg.ts';
import { requireFact, requireIncident, requireNotAuthor } from './preconditions.ts';
import { reply, type Command, type Invocation, type Outcome } from './types.ts';

// Which form came back: `add:KEY`, `correct:KEY:F2`, `dispute:KEY:F2`.
type Mode = 'add' | 'correct' | 'dispute';

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

/**
 * `fact [KEY] [add]` opens the Add fact form; `fact [KEY] verify F2`, `fact [KEY] dispute F2 [note]`
 * and `fact [KEY] correct F2` act on a fact (the buttons on each fact's card are these commands).
 */
export const factCommand: Command = {
  name: 'fact',

  async run(core, inv) {
    const { key, rest } = splitKey(inv.args);
    const incident = await requireIncident(core, inv, 'fact', key);
    const [action = 'add', id, ...words] = rest;
    const L = inv.locale;
    switch (action.toLowerCase()) {
      case 'add':
        return { kind: 'form', form: factForm(L, incident, 'add') };
      case 'verify': {
        const fact = requireFact(core, inv, 'fact verify', incident, id);
        requireNotAuthor(core, inv, incident, fact);
        const r = await verifyFact(core, incident, fact.id, inv.user, inv.eventKey);
        if (!r.changed && r.why?.why === 'own') requireNotAuthor(core, inv, incident, r.fact);
        if (!r.changed) return reply(note(t(L, 'fact.already', { id: fact.id, key: incident.key, user: r.fact.verifiedBy?.name ?? '?' })));
        return reply(note(t(L, 'fact.done.verified', { id: fact.id, key: incident.key }), 'success'));
      }
      case 'dispute': {
        const fact = requireFact(core, inv, 'fact dispute', incident, id);
        const text = words.join(' ');
        if (!text) return { kind: 'form', form: disputeForm(L, incident, fact) };
        return dispute(core, inv, incident, fact, text);
      }
      case 'correct': {
        const fact = requireFact(core, inv, 'fact correct', incident, id);
        return { kind: 'form', form: factForm(L, incident, 'correct', fact, factValues(fact)) };
      }
      default:
        throw new UserError(t(L, 'err.factAction', { action, key: incident.key }));
    }
  },


  async submit(core, inv, values, context = '') {
    const [mode, key, id] = context.split(':') as [Mode, string, string | undefined];
    const incident = await requireIncident(core, inv, 'fact', key);
    const L = inv.locale;
    if (mode === 'dispute') return dispute(core, inv, incident, requireFact(core, inv, 'fact dispute', incident, id), values.note ?? '', values);
    const fact = mode === 'correct' ? requireFact(core, inv, 'fact correct', incident, id) : undefined;
    const checked = parseForm(factFields(L), values, L, core.now(), readerZone(core.playbook, inv));
    if (Object.keys(checked.errors).length) return { kind: 'form', form: factForm(L, incident, mode === 'correct' ? 'correct' : 'add', fact, values, checked.errors) };
    const added = await addFact(core, incident, readFact(checked.values), inv.user, { corrects: fact?.id, eventKey: inv.eventKey });
    if (!added) return reply(note(t(L, 'form.duplicate')));
    return reply(note(t(L, added.v > 1 ? 'fact.done.corrected' : 'fact.done.added', { id: added.id, v: added.v, key: incident.key }), 'success'));
  },
};
