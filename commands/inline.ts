import type { Core } from '../src/core.ts';
import { t } from '../src/i18n/index.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { parseField } from '../src/ui/fields.ts';
import type { Form } from '../src/ui/form.ts';
import { parseArgs, type ParsedArgs } from './args.ts';
import type { Invocation } from './types.ts';

/**
 * `field=value` typed after a form's command (`raise title="Fire" regions=2`, `assess KEY fact
 * what="Smoke in bay 4"`): each known field's value is checked and kept, a wrong one explained
 * and asked again, an unknown one named with the real fields. The one place inline answers are
 * read, for every form a command opens.
 */
export function prefillForm(core: Core, inv: Invocation, form: Form, given: ParsedArgs | string | undefined): Form {
  const args = typeof given === 'string' || given === undefined ? parseArgs(given ?? '') : given;
  if (args.unreadable) form.notes.push(t(inv.locale, 'err.syntax', { text: args.unreadable }));
  for (const [name, value] of args.named) {
    const field = form.fields.find((f) => f.name === name);
    if (!field) {
      form.notes.push(t(inv.locale, 'err.unknownField', { field: name, fields: form.fields.map((f) => f.name).join(', ') }));
      continue;
    }
    const parsed = parseField(field, value, inv.locale, core.now(), readerZone(core.playbook, inv));
    if (parsed.ok) form.values[name] = value;
    else form.errors[name] = parsed.error;
  }
  return form;
}
