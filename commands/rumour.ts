import { t } from '../src/i18n/index.ts';
import { recordRumour, rumourFields } from '../src/statements/rumours.ts';
import { note } from '../src/ui/card.ts';
import { parseForm } from '../src/ui/fields.ts';
import { form } from '../src/ui/form.ts';
import { arg, defineCommand } from './define.ts';
import { incident } from './kinds.ts';
import { reply } from './types.ts';

/** `rumour [KEY]`: the form for a rumour seen about the incident; the rumours card lists it with a Draft rebuttal button. */
export const rumourCommand = defineCommand({
  name: 'rumour',
  help: 'help.rumour',
  description: 'discord.cmd.rumour',
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' })],
  async run(core, inv, { key: found }) {
    const L = inv.locale;
    return { kind: 'form', form: form('rumour', t(L, 'rumour.form.title', { key: found.key }), t(L, 'rumour.form.submit'), rumourFields(L), found.key) };
  },
  formArgs: (context) => ({ key: context }),
  async submit(core, inv, { key: found }, values) {
    const L = inv.locale;
    const checked = parseForm(rumourFields(L), values, L, core.now());
    if (Object.keys(checked.errors).length) return { kind: 'form', form: form('rumour', t(L, 'rumour.form.title', { key: found.key }), t(L, 'rumour.form.submit'), rumourFields(L), found.key, values, checked.errors) };
    const v = (name: string) => (checked.values[name]?.value === '' ? undefined : checked.values[name]?.value);
    const id = await recordRumour(core, found, { what: String(v('what')), where: v('where') as string | undefined, reach: v('reach') as number | undefined, link: v('link') as string | undefined }, inv.user, inv.eventKey);
    if (!id) return reply(note(t(L, 'form.duplicate')));
    return reply(note(t(L, 'rumour.done', { id, key: found.key }), 'success'));
  },
});
