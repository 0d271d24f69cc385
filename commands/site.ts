import { UserError, type Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { roleLabel } from '../src/people/messaging.ts';
import { siteCard } from '../src/site/messaging.ts';
import { countProblem, type Conflict, type EvacInput, type PostInput, type SiteChange } from '../src/site/model.ts';
import { changeSite, latestEvac, latestPost, maySiteEdit, showSiteCard, siteEditorRoles } from '../src/site/service.ts';
import type { Incident, PersonRef } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { form, type Form } from '../src/ui/form.ts';
import { formatInZone } from '../src/ui/times.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { findPerson, personOn } from './people-kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

/**
 * The Site card's verbs, reached as `service [KEY] site …` (commands/service.ts: Discord has no
 * room for another subcommand, so on Discord `site` is the function option and the verb is typed
 * in the note option). `site` alone opens the form; `show` shows the card to the caller, `card`
 * posts or redraws it in the war room; `post`, `commander`, `evac`, `area add|remove`, `watch`
 * change one part.
 */

export const SITE = 'site';
const VERBS = ['show', 'card', 'post', 'commander', 'evac', 'area', 'watch'] as const;
const MAX_WHERE = 120;
const MAX_AREA = 80;
const MAX_WATCH = 300;

const refuse = (message: string, field: string) => {
  throw new UserError(message, field);
};

/** Editors only: the lead or a holder of the plan's site roles; others are told which roles may. */
function requireEditor(core: Core, inv: Invocation, i: Incident): void {
  if (i.status === 'closed') refuse(t(inv.locale, 'edit.err.closed', { key: i.key }), 'key');
  if (maySiteEdit(core.playbook, i, inv.user.id)) return;
  const roles = siteEditorRoles(core.playbook, i).map((r) => roleLabel(core.playbook, r, inv.locale)).join(', ');
  refuse(t(inv.locale, 'site.err.notEditor', { key: i.key, lead: i.lead?.name ?? '—', roles }), 'person');
}

/** A whole number of 0 or more, or the message naming the field. */
function count(inv: Invocation, label: string, raw: string | undefined, example: string): number {
  const w = (raw ?? '').trim();
  if (!/^\d{1,7}$/.test(w)) refuse(t(inv.locale, w ? 'site.err.count' : 'site.err.countMissing', { field: label, value: w, example }), 'evac');
  return Number(w);
}

function commanderOf(core: Core, inv: Invocation, typed: string, fieldLabel: string): PersonRef {
  const found = findPerson(core.playbook, inv.platform, typed);
  if (!found) refuse(t(inv.locale, 'site.err.person', { field: fieldLabel, value: typed, choices: core.playbook.roster.map((p) => p.id).join(', ') }), 'commander');
  return personOn({ inv }, found!);
}

/** The form: command post, its commander, the two counts, a new watch note — five fields, so one Discord modal page. */
export function siteForm(core: Core, inv: Invocation, i: Incident, values?: Record<string, string>, errors: Record<string, string> = {}): Form {
  const L = inv.locale;
  const post = latestPost(i);
  const evac = latestEvac(i);
  const shown = values ?? {
    where: post?.where ?? '',
    commander: post?.commander?.name ?? '',
    expected: evac ? String(evac.expected) : '',
    accounted: evac ? String(evac.accounted) : '',
  };
  const fields = [
    { name: 'where', label: t(L, 'site.form.where'), kind: 'text' as const, required: false, maxLength: MAX_WHERE },
    { name: 'commander', label: t(L, 'site.form.commander'), kind: 'text' as const, required: false, maxLength: 80 },
    { name: 'expected', label: t(L, 'site.form.expected'), kind: 'text' as const, required: false, maxLength: 7 },
    { name: 'accounted', label: t(L, 'site.form.accounted'), kind: 'text' as const, required: false, maxLength: 7 },
    { name: 'watch', label: t(L, 'site.form.watch'), kind: 'text' as const, required: false, maxLength: MAX_WATCH },
  ];
  // The versions the editor sees ride in the context: a newer one written meanwhile is not overwritten (src/site/model.ts).
  const f = form('service', t(L, 'site.form.title', { key: i.key }), t(L, 'site.form.submit'), fields, `site:${i.key}:${post?.v ?? 0}:${evac?.v ?? 0}`, shown, errors);
  return { ...f, editing: true };
}

/** The form's context read back into the service command's arguments: the versions go as the note. */
export function siteFormArgs(context: string) {
  const [, key, p, e] = context.split(':');
  return { key, function: SITE, state: 'form', note: `${Number(p) || 0} ${Number(e) || 0}` };
}

function conflictText(core: Core, inv: Invocation, i: Incident, c: Conflict): string {
  const at = formatInZone(new Date(c.at), readerZone(core.playbook, inv));
  if (c.part === 'post') {
    const p = latestPost(i);
    return t(inv.locale, 'site.conflict.post', { who: c.by, at, where: p?.where ?? '', commander: p?.commander?.name ?? '—' });
  }
  const e = latestEvac(i);
  return t(inv.locale, 'site.conflict.evac', { who: c.by, at, expected: e?.expected ?? 0, accounted: e?.accounted ?? 0 });
}

async function perform(core: Core, inv: Invocation, i: Incident, change: SiteChange, again?: (latest: Incident, errors: Record<string, string>) => Form, eventKey = inv.eventKey): Promise<Outcome> {
  const L = inv.locale;
  const r = await changeSite(core, i, change, inv.user, eventKey);
  if (!r.ok && 'conflicts' in r) {
    const errors: Record<string, string> = {};
    for (const c of r.conflicts) errors[c.part === 'post' ? 'where' : 'accounted'] = conflictText(core, inv, r.incident, c);
    if (again) return { kind: 'form', form: again(r.incident, errors) };
  }
  if (!r.ok) {
    const why = 'refused' in r ? r.refused : 'noChange';
    return reply(note(t(L, `site.refused.${why}`, { key: i.key, id: ('id' in r && r.id) || '' }), 'warning'));
  }
  const said = [r.applied.post && 'post', r.applied.evac && 'evac', r.applied.watch && 'watch', r.applied.area && (change.do === 'area-add' ? 'areaAdded' : 'areaRemoved')].filter(Boolean) as string[];
  const parts = said.map((k) => t(L, `site.done.${k}` as 'site.done.post', { id: r.applied.area?.id ?? '', name: r.applied.area?.name ?? '' })).join(' ');
  return reply(note(t(L, 'site.done', { key: i.key, parts }), 'success'), siteCard(core, r.incident, core.now(), L));
}

/** `service KEY site [VERB …]`, the words after `site` as typed (or, on Discord, the note option). */
export async function runSite(core: Core, inv: Invocation, i: Incident, words: string): Promise<Outcome> {
  const L = inv.locale;
  const [verb = '', ...rest] = words.trim().split(/\s+/).filter(Boolean);
  const tail = words.trim().slice(verb.length).trim();
  const v = verb.toLowerCase();
  if (v === 'show') return reply(siteCard(core, i, core.now(), L));
  if (!(VERBS as readonly string[]).includes(v) && v !== '') refuse(t(L, 'site.err.verb', { value: verb, key: i.key, verbs: VERBS.join(', ') }), 'site');
  requireEditor(core, inv, i);
  if (v === '') return { kind: 'form', form: siteForm(core, inv, i) };
  if (v === 'card') {
    await showSiteCard(core, i, inv.eventKey);
    return reply(note(t(L, 'site.done.card', { key: i.key }), 'success'));
  }
  const post = latestPost(i);
  if (v === 'post') {
    if (!tail) refuse(t(L, 'site.err.whereMissing', { key: i.key }), 'where');
    if (tail.length > MAX_WHERE) refuse(t(L, 'commands.err.tooLong', { max: MAX_WHERE, n: tail.length }), 'where');
    return perform(core, inv, i, { do: 'edit', post: { where: tail, commander: post?.commander } });
  }
  if (v === 'commander') {
    if (!rest[0]) refuse(t(L, 'site.err.commanderMissing', { key: i.key }), 'commander');
    return perform(core, inv, i, { do: 'edit', post: { where: post?.where ?? '', commander: commanderOf(core, inv, rest[0]!, t(L, 'site.form.commander')) } });
  }
  if (v === 'evac') {
    const example = `/crisis service ${i.key} site evac 40 37`;
    if (!rest.length) return { kind: 'form', form: siteForm(core, inv, i) };
    const expected = count(inv, t(L, 'site.form.expected'), rest[0], example);
    const accounted = count(inv, t(L, 'site.form.accounted'), rest[1], example);
    const problem = countProblem(expected, accounted);
    if (problem) refuse(t(L, problem, { expected, accounted, field: t(L, 'site.form.accounted') }), 'accounted');
    return perform(core, inv, i, { do: 'edit', evac: { expected, accounted } });
  }
  if (v === 'area') {
    const what = (rest[0] ?? '').toLowerCase();
    const name = tail.slice(rest[0]?.length ?? 0).trim();
    if (what === 'add') {
      if (!name) refuse(t(L, 'site.err.areaMissing', { key: i.key }), 'area');
      if (name.length > MAX_AREA) refuse(t(L, 'commands.err.tooLong', { max: MAX_AREA, n: name.length }), 'area');
      return perform(core, inv, i, { do: 'area-add', name });
    }
    if (what === 'remove' && name) return perform(core, inv, i, { do: 'area-remove', id: name.split(/\s+/)[0]! });
    refuse(t(L, 'site.err.area', { key: i.key }), 'area');
  }
  if (!tail) refuse(t(L, 'site.err.watchMissing', { key: i.key }), 'watch');
  if (tail.length > MAX_WATCH) refuse(t(L, 'commands.err.tooLong', { max: MAX_WATCH, n: tail.length }), 'watch');
  return perform(core, inv, i, { do: 'edit', watch: tail });
}

/** The form's submission: every field checked and named, the typed values kept for the next try. */
export async function submitSite(core: Core, inv: Invocation, i: Incident, seen: string | undefined, values: Record<string, string>): Promise<Outcome> {
  const L = inv.locale;
  requireEditor(core, inv, i);
  const [postSeen, evacSeen] = (seen ?? '0 0').split(/\s+/).map((x) => Number(x) || 0);
  const v = (k: string) => (values[k] ?? '').trim();
  const errors: Record<string, string> = {};
  const example = `/crisis service ${i.key} site evac 40 37`;
  const check = <T>(field: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      errors[field] = err.message;
      return undefined;
    }
  };
  let commander: PersonRef | undefined;
  if (v('commander')) commander = check('commander', () => commanderOf(core, inv, v('commander'), t(L, 'site.form.commander')));
  if (v('where').length > MAX_WHERE) errors.where = t(L, 'commands.err.tooLong', { max: MAX_WHERE, n: v('where').length });
  if (v('watch').length > MAX_WATCH) errors.watch = t(L, 'commands.err.tooLong', { max: MAX_WATCH, n: v('watch').length });
  let evac: EvacInput | undefined;
  if (v('expected') || v('accounted')) {
    const expected = check('expected', () => count(inv, t(L, 'site.form.expected'), v('expected'), example));
    const accounted = check('accounted', () => count(inv, t(L, 'site.form.accounted'), v('accounted'), example));
    if (expected !== undefined && accounted !== undefined) {
      const problem = countProblem(expected, accounted);
      if (problem) errors.accounted = t(L, problem, { expected, accounted, field: t(L, 'site.form.accounted') });
      else evac = { expected, accounted, seen: evacSeen };
    }
  }
  const again = (latest: Incident, errs: Record<string, string>) => siteForm(core, inv, latest, values, errs);
  if (Object.keys(errors).length) return { kind: 'form', form: again(i, errors) };
  const post: PostInput | undefined = v('where') || commander || postSeen ? { where: v('where'), commander, seen: postSeen } : undefined;
  // A Slack modal sent back with errors is submitted again under the same view id: once the other
  // person's value was shown (a conflict), that is a new save, not a repeat of the refused one.
  const mine = i.site?.shown?.[inv.user.id];
  const key = inv.eventKey && mine ? `${inv.eventKey}:${mine.post ?? 0}.${mine.evac ?? 0}` : inv.eventKey;
  // Counts left empty change nothing (a count is corrected, never cleared).
  return perform(core, inv, i, { do: 'edit', post, evac, watch: v('watch') || undefined }, again, key);
}
