import { randomUUID } from 'node:crypto';
import type { Core } from '../core.ts';
import { nextRumourId, rebuttalOf, type Rumour } from '../domain/statements.ts';
import { t } from '../i18n/index.ts';
import { personRef } from '../incidents/roster.ts';
import { defineOp } from '../ops/define.ts';
import { enqueue, enqueueMissing } from '../outbox/enqueue.ts';
import { updateIncidentOnce, type Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { appendEvent } from '../store/timeline.ts';
import { card, text, type Block, type Button, type Card } from '../ui/card.ts';
import type { FormField } from '../ui/form.ts';
import type { Locale } from '../playbook/text.ts';

/**
 * Rumours (`/crisis rumour`): recorded on the incident like facts, listed on one card in the war
 * room (posted once, redrawn) with the rebuttal that answered each, or a Draft rebuttal button.
 */

export type RumourInput = Omit<Rumour, 'id' | 'n' | 'by' | 'at'>;

type Intent = { incidentKey: string; input: RumourInput; actor: PersonRef; at: Date };

const rumourOp = defineOp('rumour', async (core: Core, key: string, { incidentKey, input, actor, at }: Intent, resumed: boolean) => {
  const { incident, note } = await updateIncidentOnce(core.db, incidentKey, key, (cur) => {
    const list = cur.rumours ?? [];
    const id = nextRumourId(list);
    const rumour: Rumour = { id, n: Number(id.slice(1)), ...input, by: personRef(actor), at };
    return { set: { rumours: [...list, rumour] }, note: { id } };
  });
  await appendEvent(core.db, incidentKey, { at, type: 'rumour.recorded', actor: actor.name, data: { id: note.id, ...input } }, { once: key, lookBack: resumed ? 50 : 1 });
  await (resumed ? enqueueMissing : enqueue)(core, incident, [{ kind: 'rumours-card' }], `rumour:${note.id}`);
  return note;
});

/** Records a rumour once per delivery; returns its id, or undefined for a delivery already handled. */
export async function recordRumour(core: Core, incident: Incident, input: RumourInput, actor: PersonRef, eventKey?: string): Promise<string | undefined> {
  const { result, duplicate } = await rumourOp.run(core, `rumour:${incident.key}:${eventKey ?? randomUUID()}`, { incidentKey: incident.key, input, actor: personRef(actor), at: core.now() });
  return duplicate ? undefined : result.id;
}

export function rumourFields(L: Locale): FormField[] {
  return [
    { name: 'what', label: t(L, 'rumour.field.what'), kind: 'longtext', required: true, maxLength: 1000 },
    { name: 'where', label: t(L, 'rumour.field.where'), kind: 'text', required: false, maxLength: 200 },
    { name: 'reach', label: t(L, 'rumour.field.reach'), kind: 'integer', required: false },
    { name: 'link', label: t(L, 'rumour.field.link'), kind: 'text', required: false, maxLength: 500 },
  ];
}

/** The rumours card: each rumour, where and how far it went, and the rebuttal that answered it (or a button to draft one). */
export function rumoursCard(i: Incident): Card {
  const L = i.locale;
  const open: Rumour[] = [];
  const blocks: Block[] = (i.rumours ?? []).map((r) => {
    const answered = rebuttalOf(i.statements ?? [], r.id);
    let line = t(L, 'rumour.card.line', { id: r.id, what: r.what });
    if (r.where) line += t(L, 'rumour.card.where', { where: r.where });
    if (r.reach !== undefined) line += t(L, 'rumour.card.reach', { reach: r.reach.toLocaleString('en') });
    if (r.link) line += ` — ${r.link}`;
    if (!answered) open.push(r);
    return text(line + (answered ? t(L, 'rumour.card.answered', { statement: answered.id }) : t(L, 'rumour.card.open')));
  });
  // One row of buttons (Discord holds five to a row): the latest open rumours.
  const buttons: Button[] = open.slice(-5).map((r) => ({ id: 'rumour.rebut', label: t(L, 'rumour.button.rebut', { id: r.id }), value: `${i.key}:${r.id}` }));
  if (buttons.length) blocks.push({ kind: 'actions', buttons });
  return card(t(L, 'rumour.card.title', { key: i.key }), blocks.length ? blocks : [text('—')], 'warning');
}
