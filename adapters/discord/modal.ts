import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import type { Form, FormField } from '../../src/ui/form.ts';
import { clipPlain } from './text.ts';

/** Discord's modal limits (DAD interactions/receiving-and-responding.mdx, components/reference.mdx). */
export const MODAL = { inputs: 5, title: 45, label: 45, description: 100, placeholder: 100, value: 4000, customId: 100 } as const;

export const pageCount = (form: Form) => Math.max(1, Math.ceil(form.fields.length / MODAL.inputs));
export const pageFields = (form: Form, page: number): FormField[] => form.fields.slice(page * MODAL.inputs, (page + 1) * MODAL.inputs);
export const pageOf = (form: Form, field: string) => Math.max(0, Math.floor(form.fields.findIndex((f) => f.name === field) / MODAL.inputs));

/** A select's allowed values, shown where the user types (the submit check enforces them). */
function choicesHint(f: FormField): string | undefined {
  if (!f.options?.length) return undefined;
  const labels = f.options.map((o) => o.label).join(', ');
  if (labels.length <= MODAL.placeholder) return labels;
  return clipPlain(f.options.map((o) => o.value).join(', '), MODAL.placeholder);
}

/**
 * Page `page` of the form as a modal, prefilled from `values`. Fields asked only under a
 * condition (askIf) are optional here; the command's submit check decides whether they are needed.
 */
export function formModal(form: Form, page: number, values: Record<string, string>, customId: string, locale: Locale): APIModalInteractionResponseCallbackData {
  const pages = pageCount(form);
  // A long title gives way, not the page number.
  const room = MODAL.title - (pages > 1 ? [...t(locale, 'discord.form.page', { title: '', page: page + 1, pages })].length : 0);
  const title = clipPlain(form.title, room);
  return {
    custom_id: customId,
    title: pages > 1 ? t(locale, 'discord.form.page', { title, page: page + 1, pages }) : title,
    components: pageFields(form, page).map((f) => {
      const max = Math.min(f.maxLength ?? MODAL.value, MODAL.value);
      const placeholder = f.placeholder ?? choicesHint(f);
      const value = values[f.name];
      return {
        type: ComponentType.Label,
        label: clipPlain(f.label, MODAL.label),
        // A label cut to fit still reads whole just below it.
        ...([...f.label].length > MODAL.label ? { description: clipPlain(f.label, MODAL.description) } : {}),
        component: {
          type: ComponentType.TextInput,
          custom_id: f.name,
          style: f.kind === 'longtext' ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: f.required && !f.askIf,
          max_length: max,
          ...(placeholder ? { placeholder: clipPlain(placeholder, MODAL.placeholder) } : {}),
          ...(value ? { value: clipPlain(value, max) } : {}),
        },
      };
    }),
  };
}

/** What the person typed on one page, by field name; fields the platform did not send are left out. */
export function readPage(form: Form, page: number, submitted: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of pageFields(form, page)) {
    const v = submitted(f.name);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}
