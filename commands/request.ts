import type { Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { loc } from '../src/playbook/text.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { amount } from '../src/resources/messaging.ts';
import { approversOf, availableOf, decideResource } from '../src/resources/service.ts';
import type { Incident } from '../src/store/records.ts';
import { note } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form, type Form, type FormField } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { reply, type Invocation, type Outcome } from './types.ts';

const OTHER = 'other';

function requestFields(core: Core, inv: Invocation): FormField[] {
  const L = inv.locale;
  const options = [...core.playbook.resources.map((r) => ({ value: r.id, label: loc(r.name, L) })), { value: OTHER, label: t(L, 'resources.form.other') }];
  return [
    { name: 'resource', label: t(L, 'resources.form.resource'), kind: 'select', required: true, options },
    { name: 'quantity', label: t(L, 'resources.form.quantity'), kind: 'integer', required: true, min: 1 },
    { name: 'description', label: t(L, 'resources.form.description'), kind: 'text', required: false, maxLength: 300 },
    { name: 'purpose', label: t(L, 'resources.form.purpose'), kind: 'text', required: true, maxLength: 300 },
    { name: 'needed_by', label: t(L, 'resources.form.neededBy'), kind: 'datetime', required: false },
  ];
}

const requestForm = (core: Core, inv: Invocation, i: Incident, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form =>
  form('request', t(inv.locale, 'resources.form.title', { key: i.key }), t(inv.locale, 'resources.form.submit'), requestFields(core, inv), `request:${i.key}`, values, errors);

/**
 * `request [KEY]`: the form for a resource from resources.yml (at most what is available) or
 * external support (described). The resource's contact_role decides by DM; nothing typed is lost
 * when a value is refused.
 */
export const requestCommand = defineCommand({
  name: 'request',
  help: 'help.request',
  description: 'discord.cmd.request',
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: i }) {
    return { kind: 'form', form: requestForm(core, inv, i) };
  },
  formArgs: (context) => ({ key: context.split(':')[1] }),
  async submit(core, inv, { key: i }, values): Promise<Outcome> {
    const L = inv.locale;
    const checked = parseForm(requestFields(core, inv), values, L, core.now(), readerZone(core.playbook, inv));
    const errors = { ...checked.errors };
    const resourceId = checked.values.resource?.value as string | undefined;
    const quantity = checked.values.quantity?.value as number | undefined;
    const description = String(checked.values.description?.value ?? '').trim();
    const stocked = core.playbook.resources.find((r) => r.id === resourceId);
    if (resourceId === OTHER && !description) errors.description = t(L, 'resources.err.describe');
    if (stocked && quantity !== undefined && !errors.quantity) {
      const available = await availableOf(core, stocked);
      if (quantity > available) errors.quantity = t(L, 'resources.err.tooMany', { n: quantity, resource: stocked.id, available: amount(core, stocked, available, L) });
    }
    if (Object.keys(errors).length) return { kind: 'form', form: requestForm(core, inv, i, values, errors) };
    const neededBy = checked.values.needed_by?.value;
    const r = await decideResource(core, i, {
      kind: 'request',
      request: {
        ...(stocked ? { resource: stocked.id } : {}),
        ...(description ? { description } : {}),
        quantity: quantity!,
        purpose: String(checked.values.purpose!.value),
        ...(neededBy instanceof Date ? { neededBy } : {}),
      },
    }, inv.user, inv.eventKey);
    const who = approversOf(core, r.incident, r.request ?? {}).map((p) => p.name).join(', ') || '—';
    return reply(note(t(L, 'resources.done.request', { id: r.id ?? '?', who }), 'success'));
  },
});
