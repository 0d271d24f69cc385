import { resourcesCard } from '../src/resources/messaging.ts';
import { decideResource, resourceTable, approversOf, availableOf, type Decision, type ResourceRefusal } from '../src/resources/service.ts';
import { UserError, type Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { roleLabel } from '../src/people/messaging.ts';
import { amount } from '../src/resources/messaging.ts';
import type { Incident, ResourceRequest, ResourceUse } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { form, type Form } from '../src/ui/form.ts';
import { arg, defineCommand, type ArgKind, type RawArg } from './define.ts';
import { choice, incident, text } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

/** `resources [KEY]`: the table; with an incident (typed, or the war room's) its requests too. */
export const resourcesCommand = defineCommand({
  name: 'resources',
  help: 'help.resources',
  description: 'discord.cmd.resources',
  args: [arg('key', incident('never'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: found }) {
    return reply(resourcesCard(core, inv.locale, await resourceTable(core), found));
  },
});

const word = (raw: RawArg) => (Array.isArray(raw) ? raw[0] : typeof raw === 'object' ? undefined : raw === undefined || raw === '' ? undefined : String(raw));

/** One of the incident's requests (`R1`); a wrong one is named with the ones there are. */
const request: ArgKind<ResourceRequest> = {
  kind: 'request',
  take: 'one',
  accepts: () => true,
  exact: (w) => /^R\d{1,4}$/.test(w),
  option: { type: 'string', maxLength: 8 },
  resolve(raw, ctx) {
    const i = ctx.values.key as Incident;
    const w = word(raw)?.toUpperCase();
    const choices = (i.requests ?? []).map((r) => r.id).join(', ') || '—';
    if (!w) throw new UserError(t(ctx.inv.locale, 'resources.err.requestMissing', { command: ctx.command, key: i.key, choices }), 'request');
    const found = i.requests?.find((r) => r.id === w);
    if (!found) throw new UserError(t(ctx.inv.locale, 'resources.err.request', { value: word(raw)!, key: i.key, choices }), 'request');
    return found;
  },
};

const ACTIONS = ['approve', 'decline', 'use', 'release'] as const;
const USES: readonly ResourceUse[] = ['delivered', 'in_use', 'returned', 'consumed'];

function refusal(core: Core, inv: Invocation, i: Incident, req: ResourceRequest, r: ResourceRefusal): string {
  const res = core.playbook.resources.find((x) => x.id === req.resource);
  return t(inv.locale, `resources.refused.${r.why}`, {
    id: req.id, key: i.key, status: r.status ?? '', available: res ? amount(core, res, r.available ?? 0, inv.locale) : String(r.available ?? 0),
    resource: res ? res.id : '', quantity: res ? amount(core, res, req.quantity, inv.locale) : String(req.quantity),
  });
}

function requireApprover(core: Core, inv: Invocation, i: Incident, req: ResourceRequest): void {
  const approvers = approversOf(core, i, req);
  if (approvers.some((p) => p.id === inv.user.id)) return;
  const res = core.playbook.resources.find((x) => x.id === req.resource);
  const role = res ? roleLabel(core.playbook, res.contact_role, inv.locale) : roleLabel(core.playbook, 'crisis_lead', inv.locale);
  throw new UserError(t(inv.locale, 'resources.err.notApprover', { who: approvers.map((p) => p.name).join(', ') || '—', role, id: req.id, key: i.key }));
}

function requireInvolved(core: Core, inv: Invocation, i: Incident, req: ResourceRequest): void {
  if (req.by.id === inv.user.id || i.lead?.id === inv.user.id || approversOf(core, i, req).some((p) => p.id === inv.user.id)) return;
  throw new UserError(t(inv.locale, 'resources.err.notInvolved', { id: req.id, key: i.key }));
}

function declineForm(inv: Invocation, i: Incident, req: ResourceRequest, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  const L = inv.locale;
  const fields = [{ name: 'note', label: t(L, 'resources.decline.note'), kind: 'text' as const, required: true, maxLength: 500 }];
  return form('resource', t(L, 'resources.decline.title', { id: req.id, key: i.key }), t(L, 'resources.decline.submit'), fields, `decline:${i.key}:${req.id}`, values, errors);
}

async function decide(core: Core, inv: Invocation, i: Incident, req: ResourceRequest, d: Decision): Promise<Outcome> {
  const r = await decideResource(core, i, d, inv.user, inv.eventKey);
  if (r.refused) return reply(note(refusal(core, inv, r.incident, req, r.refused), 'warning'));
  const res = core.playbook.resources.find((x) => x.id === req.resource);
  const L = inv.locale;
  const n = res ? amount(core, res, req.quantity, L) : String(req.quantity);
  switch (d.kind) {
    case 'approve':
      if (!res) return reply(note(t(L, 'resources.done.approveExternal', { id: req.id }), 'success'));
      return reply(note(t(L, 'resources.done.approve', { id: req.id, n, left: amount(core, res, await availableOf(core, res), L) }), 'success'));
    case 'decline':
      return reply(note(t(L, 'resources.done.decline', { id: req.id }), 'success'));
    case 'use':
      return reply(note(t(L, 'resources.done.use', { id: req.id, use: t(L, `resources.use.${d.use}`) }), 'success'));
    default: {
      const back = req.quantity - (r.request?.consumed ?? 0);
      return reply(note(t(L, 'resources.done.release', { id: req.id, n: res ? amount(core, res, back, L) : String(back) }), 'success'));
    }
  }
}

/** `resource [KEY] approve R1`, `decline R1 NOTE`, `use R1 delivered|in_use|returned|consumed [N]`, `release R1`; the DM's buttons are these. */
export const resourceCommand = defineCommand({
  name: 'resource',
  help: 'help.resource',
  description: 'discord.cmd.resource',
  args: [
    arg('key', incident('always'), { description: 'discord.opt.keyOptional' }),
    arg('action', choice(ACTIONS, { required: true, refuse: (action, { inv }) => t(inv.locale, 'resources.err.action', { action }), field: 'action' }), { description: 'discord.opt.resourceAction', required: true }),
    arg('request', request, { description: 'discord.opt.request', required: true }),
    arg('note', text({ max: 500 }), { description: 'discord.opt.resourceNote' }),
  ],
  label: (v) => `resource ${String(v.action ?? '')}`.trim(),
  buttons: {
    'resource.approve': { parts: ['key', 'request'], fixed: { action: 'approve' } },
    'resource.decline': { parts: ['key', 'request'], fixed: { action: 'decline' } },
  },
  async run(core, inv, { key: i, action, request: req, note: words }) {
    switch (action) {
      case 'approve':
        requireApprover(core, inv, i, req);
        return decide(core, inv, i, req, { kind: 'approve', id: req.id });
      case 'decline':
        requireApprover(core, inv, i, req);
        if (!words) return { kind: 'form', form: declineForm(inv, i, req) };
        return decide(core, inv, i, req, { kind: 'decline', id: req.id, note: words });
      case 'use': {
        requireInvolved(core, inv, i, req);
        const [use, n] = (words ?? '').split(/\s+/);
        if (!USES.includes(use as ResourceUse) || (n !== undefined && !/^\d+$/.test(n))) throw new UserError(t(inv.locale, 'resources.err.use', { value: words ?? '' }), 'use');
        return decide(core, inv, i, req, { kind: 'use', id: req.id, use: use as ResourceUse, consumed: n === undefined ? undefined : Number(n) });
      }
      default:
        requireInvolved(core, inv, i, req);
        return decide(core, inv, i, req, { kind: 'release', id: req.id });
    }
  },
  formArgs: (context) => {
    const [, key, id] = context.split(':');
    return { key, action: 'decline', request: id };
  },
  async submit(core, inv, { key: i, request: req }, values) {
    requireApprover(core, inv, i, req);
    const words = (values.note ?? '').trim();
    if (!words) return { kind: 'form', form: declineForm(inv, i, req, values, { note: t(inv.locale, 'err.required', { field: t(inv.locale, 'resources.decline.note') }) }) };
    return decide(core, inv, i, req, { kind: 'decline', id: req.id, note: words });
  },
});
