import { UserError, type Core } from '../src/core.ts';
import { continuityCard, functionName, verdict } from '../src/continuity/messaging.ts';
import { functionById, functionsOf, markFunction } from '../src/continuity/service.ts';
import { rtoDeadline, SERVICE_STATES, type ServiceState } from '../src/domain/continuity.ts';
import { formatAge, t } from '../src/i18n/index.ts';
import { formatDuration } from '../src/playbook/duration.ts';
import { loc } from '../src/playbook/text.ts';
import type { Incident } from '../src/store/records.ts';
import { note, text, card } from '../src/ui/card.ts';
import { form, type Form } from '../src/ui/form.ts';
import { arg, defineCommand, type ArgKind, type RawArg } from './define.ts';
import { choice, incident, text as rest } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';
import { runSite, SITE, siteFormArgs, submitSite } from './site.ts';

const LIST = 'list';
const word = (raw: RawArg) => (Array.isArray(raw) ? raw[0] : typeof raw === 'object' ? undefined : raw === undefined || raw === '' ? undefined : String(raw));

function requireFunctions(core: Core, inv: Invocation): void {
  if (!functionsOf(core).length) throw new UserError(t(inv.locale, 'continuity.err.none'), 'function');
}

/** A function id from continuity.yml (or `list`); a wrong one is named with the ones there are. */
const fnArg: ArgKind<string | undefined> = {
  kind: 'function',
  take: 'one',
  accepts: () => true,
  exact: (w) => /^[a-z][a-z0-9-]{0,60}$/.test(w),
  option: { type: 'string', maxLength: 64 },
  resolve(raw, ctx) {
    const w = word(raw)?.toLowerCase();
    if (w === undefined) return undefined;
    if (w === LIST) return LIST;
    // The Site card (commands/site.ts); `crisis-bot check` refuses a function of that id.
    if (w === SITE) return SITE;
    requireFunctions(ctx.core, ctx.inv);
    if (functionById(ctx.core, w)) return w;
    throw new UserError(t(ctx.inv.locale, 'continuity.err.function', { value: word(raw)!, choices: functionsOf(ctx.core).map((f) => f.id).join(', ') }), 'function');
  },
};

const stateChoice = choice(SERVICE_STATES, {
  required: true,
  field: 'state',
  labels: (s) => `continuity.state.${s}` as const,
  refuse: (value, { inv, values }) =>
    t(inv.locale, value ? 'continuity.err.state' : 'continuity.err.stateMissing', { value, key: (values.key as Incident).key, fn: String(values.function) }),
});
/** After `site` the word is the Site card's verb (`site evac 40 37`), kept as typed for commands/site.ts. */
const stateArg: ArgKind<ServiceState | string | undefined> = {
  ...stateChoice,
  resolve: (raw, ctx) => (ctx.values.function === SITE ? word(raw) : stateChoice.resolve(raw, ctx)),
};

/** The form `/crisis service KEY` opens: a select of the playbook's functions (this plan's first), the state, a note. */
function serviceForm(core: Core, inv: Invocation, i: Incident, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  const L = inv.locale;
  const fns = [...functionsOf(core)].sort((a, b) => Number(!(a.plans ?? []).includes(i.type)) - Number(!(b.plans ?? []).includes(i.type)));
  const current = (id: string) => i.continuity?.find((s) => s.id === id)?.state;
  const fields = [
    { name: 'function', label: t(L, 'continuity.form.function'), kind: 'select' as const, required: true, options: fns.map((f) => ({ value: f.id, label: `${loc(f.name, L)} — ${t(L, `continuity.state.${current(f.id) ?? 'running'}` as 'continuity.state.down')}` })) },
    { name: 'state', label: t(L, 'continuity.form.state'), kind: 'select' as const, required: true, options: SERVICE_STATES.map((s) => ({ value: s, label: t(L, `continuity.state.${s}`) })) },
    { name: 'note', label: t(L, 'continuity.form.note'), kind: 'text' as const, required: false, maxLength: 300 },
  ];
  return form('service', t(L, 'continuity.form.title', { key: i.key }), t(L, 'continuity.form.submit'), fields, `service:${i.key}`, values, errors);
}

async function markAndSay(core: Core, inv: Invocation, i: Incident, fn: string, state: ServiceState, words?: string): Promise<Outcome> {
  const L = inv.locale;
  const r = await markFunction(core, i, { fn, state, note: words }, inv.user, inv.eventKey);
  const name = functionName(core, fn, L);
  if (r.refused) return reply(note(t(L, `continuity.refused.${r.refused}`, { name, key: i.key, state: t(L, `continuity.state.${state}`) }), 'warning'));
  const s = r.status!;
  const rto = functionById(core, fn)!.rto;
  if (state === 'restored') {
    return reply(note(t(L, 'continuity.done.restored', { name, key: i.key, age: formatAge(L, s.restoredAt!.getTime() - s.since.getTime()), verdict: verdict(core, s, L) }), 'success'));
  }
  return reply(card(undefined, [text(t(L, 'continuity.done.down', { name, key: i.key, state: t(L, `continuity.state.${state}`), rto: formatDuration(rto) }), { time: rtoDeadline(s, rto), style: 'full' }, '.')], 'success'));
}

/**
 * `service [KEY] FUNCTION down|degraded|restored [NOTE]` marks a critical business function in the
 * incident; `service [KEY] list` shows the Business continuity card to the caller; `service [KEY]`
 * opens the form. The card's and the RTO DM's "Mark restored" buttons are this command.
 */
export const serviceCommand = defineCommand({
  name: 'service',
  help: 'help.service',
  description: 'discord.cmd.service',
  args: [
    arg('key', incident('always'), { description: 'discord.opt.keyOptional' }),
    arg('function', fnArg, { description: 'discord.opt.function' }),
    arg('state', stateArg, { when: (v) => v.function !== undefined && v.function !== LIST, description: 'discord.opt.serviceState' }),
    arg('note', rest({ max: 300 }), { when: (v) => v.function !== undefined && v.function !== LIST, description: 'discord.opt.serviceNote' }),
  ],
  // The Site card checks its own (showing it works on a closed incident; changing it does not).
  preconditions: [{ name: 'notClosed', when: (v) => v.function !== LIST && v.function !== SITE }],
  label: (v) => (v.function && v.function !== LIST ? `service ${String(v.function)}` : 'service'),
  buttons: { 'service.restored': { parts: ['key', 'function'], fixed: { state: 'restored' } }, 'site.edit': { parts: ['key'], fixed: { function: SITE } } },
  async run(core, inv, { key: i, function: fn, state, note: words }) {
    if (fn === LIST) return reply(continuityCard(core, i, core.now(), inv.locale));
    if (fn === SITE) return runSite(core, inv, i, [state, words].filter(Boolean).join(' '));
    requireFunctions(core, inv);
    if (!fn) return { kind: 'form', form: serviceForm(core, inv, i) };
    return markAndSay(core, inv, i, fn, state as ServiceState, words);
  },
  formArgs: (context) => (context.startsWith(`${SITE}:`) ? siteFormArgs(context) : { key: context.split(':')[1] }),
  async submit(core, inv, { key: i, function: chosen, note: seen }, values) {
    if (chosen === SITE) return submitSite(core, inv, i, seen, values);
    const L = inv.locale;
    const fn = (values.function ?? '').trim();
    const state = (values.state ?? '').trim().toLowerCase();
    const errors: Record<string, string> = {};
    if (!functionById(core, fn)) errors.function = fn ? t(L, 'continuity.err.function', { value: fn, choices: functionsOf(core).map((f) => f.id).join(', ') }) : t(L, 'err.required', { field: t(L, 'continuity.form.function') });
    if (!(SERVICE_STATES as readonly string[]).includes(state)) errors.state = state ? t(L, 'continuity.err.state', { value: state, key: i.key, fn: fn || 'FUNCTION' }) : t(L, 'err.required', { field: t(L, 'continuity.form.state') });
    const words = (values.note ?? '').trim();
    if (words.length > 300) errors.note = t(L, 'commands.err.tooLong', { max: 300, n: words.length });
    if (Object.keys(errors).length) return { kind: 'form', form: serviceForm(core, inv, i, values, errors) };
    return markAndSay(core, inv, i, fn, state as ServiceState, words || undefined);
  },
});
