import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident, PersonRef } from '../store/records.ts';
import { note, type Card } from '../ui/card.ts';
import { form, type Form } from '../ui/form.ts';
import { checkProposal, proposalFields } from './form.ts';
import { proposalsCard } from './messaging.ts';
import { describeChange } from './model.ts';
import { reviewDue, reviewIntervalOf, showInterval } from './review.ts';
import { proposePlanChange } from './service.ts';
import { listProposals } from './store.ts';

/** The chat side of plan revision, for `report KEY propose | proposals` (commands/report.ts). */

/** The incident's own plan, or the first one when its type is no plan any more. */
const planOf = (pb: Playbook, i: Incident) => pb.plans.find((p) => p.id === i.type) ?? pb.plans[0]!;

export const PROPOSE_CONTEXT = 'propose';

export function proposalForm(core: Core, L: Locale, i: Incident, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  const plan = core.playbook.plans.find((p) => p.id === values.plan) ?? planOf(core.playbook, i);
  return form('report', t(L, 'plans.form.title', { key: i.key }), t(L, 'plans.form.submit'), proposalFields(core, L, plan), `${PROPOSE_CONTEXT}:${i.key}`, { plan: plan.id, ...values }, errors);
}

export type Submitted = { kind: 'form'; form: Form } | { kind: 'done'; card: Card };

export async function submitProposal(core: Core, L: Locale, i: Incident, values: Record<string, string>, by: PersonRef, eventKey?: string): Promise<Submitted> {
  const checked = checkProposal(core, L, planOf(core.playbook, i), values);
  if (!checked.ok) return { kind: 'form', form: proposalForm(core, L, i, { ...values, plan: checked.plan.id }, checked.errors) };
  const r = await proposePlanChange(core, i, checked.plan, checked.change, checked.why, by, eventKey);
  if (r.duplicate) return { kind: 'done', card: note(t(L, 'form.duplicate')) };
  return { kind: 'done', card: note(t(L, 'plans.done.proposed', { id: r.id, plan: checked.plan, change: describeChange(checked.change) }), 'success') };
}

/** The proposals of the incident's plan (from any incident) and those the incident made for other plans. */
export async function proposalsOf(core: Core, L: Locale, i: Incident): Promise<Card> {
  const ofPlan = planOf(core.playbook, i);
  const plan = ofPlan.id;
  const list = (await listProposals(core.db)).filter((p) => p.plan === plan || p.incidentKey === i.key);
  const interval = reviewIntervalOf(core.playbook);
  const due = reviewDue(ofPlan, interval, core.now());
  const review = due ? [t(L, 'plans.review.due', { plan, reviewed: ofPlan.reviewed_at!, interval: showInterval(interval), due })] : [];
  return proposalsCard(L, i.key, plan, list, review);
}
