import { UserError, type Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { platformId } from '../src/incidents/roster.ts';
import type { Locale } from '../src/playbook/text.ts';
import { checkRisk, readReviewDate, retireForm, reviewForm, riskForm, valuesOf } from '../src/risks/forms.ts';
import { listCard, showCard } from '../src/risks/messaging.ts';
import { ensureSeeded, readRegister, readRisk, type Risk } from '../src/risks/register.ts';
import { addRisk, changeRisk, linkRisk, type RiskRefusal } from '../src/risks/service.ts';
import type { PersonRef } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { parseField } from '../src/ui/fields.ts';
import type { Form } from '../src/ui/form.ts';
import { parseArgs } from './args.ts';
import { arg, defineCommand, type RawArg } from './define.ts';
import { prefillForm } from './inline.ts';
import { choice, text } from './kinds.ts';
import { incidentFromArgs, mayAccess } from './preconditions.ts';
import { findIncident } from '../src/store/incidents.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

const ACTIONS = ['list', 'add', 'show', 'update', 'review', 'retire', 'link'] as const;

/** The person who typed it, as the roster knows them: only roster members keep the register. */
function member(core: Core, inv: Invocation) {
  const p = core.playbook.roster.find((x) => platformId(x, inv.platform) === inv.user.id);
  if (!p) throw new UserError(t(inv.locale, 'risks.err.notMember'));
  return p;
}

/**
 * Who may change a risk: its owner (the owning person, or a holder of the owning role), the
 * monitoring group (roles.yml group `monitoring`, who keep the register) and the crisis lead role.
 */
function requireKeeper(core: Core, inv: Invocation, r: Risk): void {
  const p = member(core, inv);
  const monitoring = core.playbook.roles.filter((x) => x.group === 'monitoring' || x.group === 'lead').map((x) => x.id);
  const owns = r.ownerPerson === p.id || (r.ownerRole !== undefined && r.ownerRole !== null && p.roles.includes(r.ownerRole));
  if (owns || p.roles.some((x) => monitoring.includes(x))) return;
  throw new UserError(t(inv.locale, 'risks.err.notKeeper', { id: r._id }));
}

async function requireRisk(core: Core, L: Locale, word: string | undefined, verb: string): Promise<Risk> {
  const all = await readRegister(core.db);
  const ids = all.filter((r) => r.status === 'active').map((r) => r._id).join(', ') || '—';
  if (!word) throw new UserError(t(L, 'risks.err.idMissing', { verb, ids }), 'risk');
  const found = all.find((r) => r._id === word.toLowerCase());
  if (!found) throw new UserError(t(L, 'risks.err.id', { value: word, ids }), 'risk');
  return found;
}

const refusedText = (L: Locale, why: RiskRefusal, id: string, key = '') => t(L, `risks.refused.${why}`, { id, key });
const actor = (inv: Invocation): PersonRef => ({ id: inv.user.id, name: inv.user.name });

/** `field=value` words checked against a form; the positional words after the risk id are its note or reason. */
function prefilled(core: Core, inv: Invocation, f: Form, rest: string[], freeText?: string): Form {
  const parsed = parseArgs(rest.join(' '));
  const positional = parsed.positional.join(' ').trim();
  if (freeText && positional && !parsed.named.some(([k]) => k === freeText)) parsed.named.push([freeText, positional]);
  return prefillForm(core, inv, f, { ...parsed, positional: [] });
}

const formOutcome = (f: Form): Outcome => ({ kind: 'form', form: f });

/** The risk's incidents this person may access: the access rule decides what `show` names. */
async function visibleIncidents(core: Core, inv: Invocation, r: Risk): Promise<Set<string>> {
  const seen = await Promise.all(r.incidents.map(async (k) => {
    const i = await findIncident(core.db, k);
    return i && (await mayAccess(core, inv, i)) ? k : undefined;
  }));
  return new Set(seen.filter((k): k is string => k !== undefined));
}

const shown = async (core: Core, inv: Invocation, r: Risk) => showCard(core, r, inv.locale, await visibleIncidents(core, inv, r));

async function submitReview(core: Core, inv: Invocation, r: Risk, values: Record<string, string>): Promise<Outcome> {
  const L = inv.locale;
  const f = reviewForm(L, r, values);
  const errors: Record<string, string> = {};
  const read: Record<string, number | string> = {};
  for (const field of f.fields) {
    const p = parseField(field, values[field.name] ?? f.values[field.name] ?? '', L, core.now());
    if (p.ok) read[field.name] = p.value as number | string;
    else errors[field.name] = p.error;
  }
  const date = errors.next_review ? {} : readReviewDate(core, L, values.next_review);
  if (date.error) errors.next_review = date.error;
  if (Object.keys(errors).length) return formOutcome(reviewForm(L, r, values, errors));
  const done = await changeRisk(core, r._id, { kind: 'review', note: String(read.note), likelihood: Number(read.likelihood), impact: Number(read.impact), nextReviewAt: date.at?.getTime() }, actor(inv), inv.eventKey);
  if (done.refused) return reply(note(refusedText(L, done.refused, r._id), 'warning'));
  return reply(note(t(L, 'risks.done.review', { id: r._id, v: done.v ?? '?' }), 'success'), await shown(core, inv, done.risk!));
}

async function submitRetire(core: Core, inv: Invocation, r: Risk, values: Record<string, string>): Promise<Outcome> {
  const L = inv.locale;
  const reason = (values.reason ?? '').trim();
  if (!reason) return formOutcome(retireForm(L, r, values, { reason: t(L, 'err.required', { field: t(L, 'risks.field.reason') }) }));
  const done = await changeRisk(core, r._id, { kind: 'retire', reason }, actor(inv), inv.eventKey);
  if (done.refused) return reply(note(refusedText(L, done.refused, r._id), 'warning'));
  return reply(note(t(L, 'risks.done.retire', { id: r._id }), 'success'));
}

/**
 * `risk [list]`, `risk add [field=value…]`, `risk show ID`, `risk update ID [field=value…]
 * reason=…`, `risk review ID [note] [likelihood=N impact=N next_review=YYYY-MM-DD]`, `risk retire
 * ID REASON`, `risk link KEY ID`: the risk register (risks.yml seeds it on first use).
 */
export const riskCommand = defineCommand({
  name: 'risk',
  help: 'help.risk',
  description: 'discord.cmd.risk',
  args: [
    arg('action', choice(ACTIONS, { fallback: 'list', refuse: (action, { inv }) => t(inv.locale, 'risks.err.action', { action }), field: 'action', labels: (v) => `risks.action.${v}` as 'risks.action.list' }), { description: 'discord.opt.riskAction' }),
    arg('details', text({ max: 2000 }), { description: 'discord.opt.riskDetails' }),
  ],
  label: (v) => `risk ${String(v.action ?? 'list')}`,
  async run(core, inv, { action, details: typed }) {
    const L = inv.locale;
    await ensureSeeded(core);
    const words = (typed ?? '').trim();
    const [first, ...more] = words.split(/\s+/).filter(Boolean);
    switch (action) {
      case 'add':
        member(core, inv);
        return formOutcome(prefillForm(core, inv, riskForm(core, L, undefined), words));
      case 'show':
        return reply(await shown(core, inv, await requireRisk(core, L, first, 'show')));
      case 'update': {
        const r = await requireRisk(core, L, first, 'update');
        requireKeeper(core, inv, r);
        if (r.status === 'retired') return reply(note(refusedText(L, 'retired', r._id), 'warning'));
        return formOutcome(prefilled(core, inv, riskForm(core, L, r._id, valuesOf(r)), more, 'reason'));
      }
      case 'review': {
        const r = await requireRisk(core, L, first, 'review');
        requireKeeper(core, inv, r);
        const f = prefilled(core, inv, reviewForm(L, r), more, 'note');
        if (Object.keys(f.errors).length || !f.values.note) return formOutcome(f);
        return submitReview(core, inv, r, f.values);
      }
      case 'retire': {
        const r = await requireRisk(core, L, first, 'retire');
        requireKeeper(core, inv, r);
        const f = prefilled(core, inv, retireForm(L, r), more, 'reason');
        if (!f.values.reason) return formOutcome(f);
        return submitRetire(core, inv, r, f.values);
      }
      case 'link': {
        const incident = await incidentFromArgs(core, inv, first);
        if (!incident) throw new UserError(t(L, 'err.keyArg', { command: 'risk link' }), 'key');
        const r = await requireRisk(core, L, more[0], 'link');
        const done = await linkRisk(core, incident, r._id, actor(inv), inv.eventKey);
        if (done.refused) return reply(note(refusedText(L, done.refused, r._id, incident.key), 'warning'));
        return reply(note(t(L, 'risks.done.link', { id: r._id, key: incident.key }), 'success'));
      }
      default:
        return reply(listCard(core, await readRegister(core.db), L));
    }
  },
  formArgs: (context): Record<string, RawArg> => {
    const [action, id] = context.split(':');
    return { action, details: id };
  },
  async submit(core, inv, { action, details: id }, values): Promise<Outcome> {
    const L = inv.locale;
    if (action === 'add') {
      member(core, inv);
      const checked = checkRisk(core, L, false, values);
      if (!checked.ok) return formOutcome(riskForm(core, L, undefined, values, checked.errors));
      const r = await addRisk(core, checked.value.fields, actor(inv), { eventKey: inv.eventKey, nextReviewAt: checked.value.nextReviewAt, platform: inv.platform });
      return reply(note(t(L, 'risks.done.add', { id: r._id }), 'success'), await shown(core, inv, r));
    }
    const r = await readRisk(core.db, String(id ?? ''));
    if (!r) return reply(note(refusedText(L, 'unknown', String(id ?? '')), 'warning'));
    requireKeeper(core, inv, r);
    if (action === 'review') return submitReview(core, inv, r, values);
    if (action === 'retire') return submitRetire(core, inv, r, values);
    const checked = checkRisk(core, L, true, values);
    if (!checked.ok) return formOutcome(riskForm(core, L, r._id, values, checked.errors));
    const done = await changeRisk(core, r._id, { kind: 'update', fields: checked.value.fields, reason: checked.value.reason!, nextReviewAt: checked.value.nextReviewAt?.getTime() }, actor(inv), inv.eventKey);
    if (done.refused) return reply(note(refusedText(L, done.refused, r._id), 'warning'));
    return reply(note(t(L, 'risks.done.update', { id: r._id, v: done.v ?? '?' }), 'success'), await shown(core, inv, done.risk!));
  },
});
