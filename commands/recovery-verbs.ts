import { ownerPeople } from '../src/actions/owners.ts';
import { UserError, type Core } from '../src/core.ts';
import { currentFacts } from '../src/domain/assessment.ts';
import { t } from '../src/i18n/index.ts';
import { recoveryCard } from '../src/recovery-plan/messaging.ts';
import { isGoalKind, isVerdict, type GoalKind } from '../src/recovery-plan/model.ts';
import { changeRecovery, showRecoveryCard, type RecoveryResult } from '../src/recovery-plan/service.ts';
import type { Incident } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { requireNotClosed } from './preconditions.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

/**
 * The recovery plan's verbs of `/crisis action` (commands/action.ts): `KEY goal KIND TARGET`,
 * `KEY progress A1 0-100`, `KEY recovery`, `KEY evaluate KIND met|partly|not-met NOTE`, and the
 * checks of `add … goal= resource=`. A closed incident refuses them all; evaluation is open in review.
 */


export function readGoalKind(inv: Invocation, i: Incident, verb: string, typed: string | undefined): GoalKind {
  const w = (typed ?? '').trim().toLowerCase();
  if (!isGoalKind(w)) throw new UserError(t(inv.locale, 'recovery.err.kind', { value: typed ?? '', key: i.key, verb }), 'goal');
  return w;
}

/** `goal=` and `resource=` of `action add`: a goal kind, a request id the incident has. */
export function readStepLinks(core: Core, inv: Invocation, i: Incident, goal: string | undefined, resource: string | undefined): { goal?: GoalKind; resource?: string } {
  if (goal === undefined && resource === undefined) return {};
  requireNotClosed(core, inv, i);
  const out: { goal?: GoalKind; resource?: string } = {};
  if (goal !== undefined) out.goal = readGoalKind(inv, i, 'add … goal=', goal);
  if (resource !== undefined) {
    const id = resource.trim().toUpperCase();
    const ids = (i.requests ?? []).map((r) => r.id);
    if (!ids.includes(id)) throw new UserError(t(inv.locale, 'recovery.err.resource', { value: resource, key: i.key, ids: ids.join(', ') || '—' }), 'resource');
    out.resource = id;
  }
  return out;
}

function answer(inv: Invocation, r: RecoveryResult & { duplicate: boolean; incident: Incident }, done: string): Outcome {
  const L = inv.locale;
  if (!r.ok) return { kind: 'reply', cards: [note(t(L, `actions.refused.${r.why}`, { id: r.id, key: r.incident.key, ids: (r.incident.actions ?? []).map((a) => a.id).join(', ') || '—' }), 'warning')], refused: true };
  if (r.duplicate) return reply(note(t(L, 'form.duplicate')));
  return reply(note(done, 'success'));
}

export async function recoveryVerb(core: Core, inv: Invocation, i: Incident, verb: string, item: string | undefined, words: string | undefined): Promise<Outcome> {
  const L = inv.locale;
  if (verb === 'recovery') {
    await showRecoveryCard(core, i, inv.eventKey);
    return reply(recoveryCard(core, i, core.now(), L), note(t(L, 'recovery.done.card', { key: i.key })));
  }
  // Typed, the goal kind is the text's first word; on Discord it may come as the item option.
  const split = (): [string | undefined, string | undefined] => {
    if (item && !/^A\d+$/.test(item)) return [item, words];
    const [first, ...rest] = (words ?? '').trim().split(/\s+/);
    return [first || undefined, rest.join(' ').trim() || undefined];
  };
  if (verb === 'goal') {
    requireNotClosed(core, inv, i);
    const [typedKind, target] = split();
    const kind = readGoalKind(inv, i, 'goal', typedKind);
    const goal = t(L, `recovery.goal.${kind}`);
    if (!target) throw new UserError(t(L, 'recovery.err.target', { key: i.key, kind, goal }), 'target');
    const r = await changeRecovery(core, i, { do: 'goal', kind, target }, inv.user, inv.eventKey);
    return answer(inv, r, t(L, 'recovery.done.goal', { goal, key: i.key, v: r.ok ? (r.v ?? 1) : 1 }));
  }
  if (verb === 'progress') {
    requireNotClosed(core, inv, i);
    const ids = (i.actions ?? []).map((x) => x.id);
    const a = (i.actions ?? []).find((x) => x.id === item);
    if (!item || !a) throw new UserError(t(L, item ? 'actions.refused.unknown' : 'actions.err.idMissing', { id: item ?? '', key: i.key, ids: ids.join(', ') || '—' }), 'action');
    const typed = (words ?? '').replace(/%$/, '').trim();
    if (!/^\d{1,3}$/.test(typed) || Number(typed) > 100) throw new UserError(t(L, 'recovery.err.pct', { value: words ?? '', key: i.key, id: a.id }), 'progress');
    if (i.lead?.id !== inv.user.id && !ownerPeople(core.playbook, i, a.owner).some((p) => p.id === inv.user.id)) {
      throw new UserError(t(L, 'recovery.err.notOwner', { id: a.id, key: i.key, lead: i.lead?.name ?? '—' }));
    }
    const pct = Number(typed);
    const r = await changeRecovery(core, i, { do: 'progress', id: a.id, pct }, inv.user, inv.eventKey);
    return answer(inv, r, t(L, pct >= 100 ? 'recovery.done.progressDone' : 'recovery.done.progress', { id: a.id, key: i.key, pct }));
  }
  // evaluate: recorded in review too; a closed incident refuses it like every change.
  requireNotClosed(core, inv, i);
  const [typedKind, said] = split();
  const kind = readGoalKind(inv, i, 'evaluate', typedKind);
  const [first, ...rest] = (said ?? '').trim().split(/\s+/);
  const verdict = (first ?? '').toLowerCase();
  if (!isVerdict(verdict)) throw new UserError(t(L, 'recovery.err.verdict', { value: first ?? '', key: i.key, kind }), 'verdict');
  const text = rest.join(' ').trim();
  if (!text) throw new UserError(t(L, 'recovery.err.note', { key: i.key, kind, verdict }), 'note');
  const known = currentFacts(i.facts ?? []).map((f) => f.id);
  const facts = [...new Set((text.match(/\bF\d+\b/gi) ?? []).map((x) => x.toUpperCase()))];
  const bad = facts.find((f) => !known.includes(f));
  if (bad) throw new UserError(t(L, 'recovery.err.fact', { value: bad, key: i.key, ids: known.join(', ') || t(L, 'rca.err.noFacts') }), 'evidence');
  const r = await changeRecovery(core, i, { do: 'evaluate', kind, verdict, note: text, facts }, inv.user, inv.eventKey);
  return answer(inv, r, t(L, 'recovery.done.evaluate', { goal: t(L, `recovery.goal.${kind}`), key: i.key, v: r.ok ? (r.v ?? 1) : 1, verdict: t(L, `recovery.verdict.${verdict}`) }));
}
