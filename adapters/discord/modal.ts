import {
  ComponentType, TextInputStyle,
  type APILabelComponent, type APIModalInteractionResponseCallbackData, type APISelectMenuOption, type APIStringSelectComponent, type APITextInputComponent, type ModalSubmitFields,
} from 'discord.js';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { parseField } from '../../src/ui/fields.ts';
import type { Form, FormField } from '../../src/ui/form.ts';
import { clipPlain } from './text.ts';

/**
 * Discord's modal limits (DAD interactions/receiving-and-responding.mdx, components/reference.mdx):
 * five top-level components; a Label's label and description; a text input's placeholder and value;
 * a string select's options, their label and value, and its placeholder.
 */
export const MODAL = {
  inputs: 5, title: 45, label: 45, description: 100, placeholder: 100, value: 4000, customId: 100,
  options: 25, optionLabel: 100, optionValue: 100, selectPlaceholder: 150,
} as const;

export const pageCount = (form: Form) => Math.max(1, Math.ceil(form.fields.length / MODAL.inputs));
export const pageFields = (form: Form, page: number): FormField[] => form.fields.slice(page * MODAL.inputs, (page + 1) * MODAL.inputs);
export const pageOf = (form: Form, field: string) => Math.max(0, Math.floor(form.fields.findIndex((f) => f.name === field) / MODAL.inputs));

/** What a boolean field's select submits: the same words the terminal accepts. */
export const YES = 'yes';
export const NO = 'no';

/**
 * The options a field is chosen from in a string select, or undefined when it is typed: a
 * `boolean` (yes / no) and a `select` whose options Discord can hold — at most 25, each value
 * 1–100 characters and distinct (a value is never shortened: it is what the command reads back).
 */
export function choicesOf(f: FormField, locale: Locale): { value: string; label: string }[] | undefined {
  if (f.kind === 'boolean') return [{ value: YES, label: t(locale, 'discord.form.yes') }, { value: NO, label: t(locale, 'discord.form.no') }];
  const options = f.kind === 'select' ? f.options ?? [] : [];
  if (!options.length || options.length > MODAL.options) return undefined;
  if (options.some((o) => o.value.length < 1 || o.value.length > MODAL.optionValue)) return undefined;
  return new Set(options.map((o) => o.value)).size === options.length ? options : undefined;
}

/** A select typed instead (more than 25 options): its allowed values, shown where the user types (the submit check enforces them). */
function choicesHint(f: FormField): string | undefined {
  if (!f.options?.length) return undefined;
  const labels = f.options.map((o) => o.label).join(', ');
  if (labels.length <= MODAL.placeholder) return labels;
  return clipPlain(f.options.map((o) => o.value).join(', '), MODAL.placeholder);
}

/** The option a value stands for (typed inline as a label or any case, `true` for yes …), by the command's own rules. */
function chosenValue(f: FormField, value: string | undefined, locale: Locale): string | undefined {
  if (!value?.trim()) return undefined;
  const parsed = parseField({ ...f, required: false }, value, locale, new Date());
  if (!parsed.ok) return undefined;
  if (f.kind === 'boolean') return parsed.value === true ? YES : NO;
  return String(parsed.value);
}

function stringSelect(f: FormField, choices: { value: string; label: string }[], value: string | undefined, required: boolean, locale: Locale): APIStringSelectComponent {
  const chosen = chosenValue(f, value, locale);
  return {
    type: ComponentType.StringSelect,
    custom_id: f.name,
    options: choices.map((o): APISelectMenuOption => ({
      label: clipPlain(o.label || o.value, MODAL.optionLabel),
      value: o.value,
      ...(o.value === chosen ? { default: true } : {}),
    })),
    // One choice at most; an optional select may be left empty (Discord: min_values 0 only when not required).
    min_values: required ? 1 : 0,
    max_values: 1,
    required,
    ...(f.placeholder ? { placeholder: clipPlain(f.placeholder, MODAL.selectPlaceholder) } : {}),
  };
}

function textInput(f: FormField, value: string | undefined, required: boolean): APITextInputComponent {
  const max = Math.min(f.maxLength ?? MODAL.value, MODAL.value);
  const placeholder = f.placeholder ?? choicesHint(f);
  return {
    type: ComponentType.TextInput,
    custom_id: f.name,
    style: f.kind === 'longtext' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required,
    max_length: max,
    ...(placeholder ? { placeholder: clipPlain(placeholder, MODAL.placeholder) } : {}),
    ...(value ? { value: clipPlain(value, max) } : {}),
  };
}

/**
 * Page `page` of the form as a modal, prefilled from `values`: each field is a Label (type 18)
 * holding a string select (type 3) for a select or yes/no field, else a text input (type 4).
 * Fields asked only under a condition (askIf) are optional here; the command's submit check
 * decides whether they are needed.
 */
export function formModal(form: Form, page: number, values: Record<string, string>, customId: string, locale: Locale): APIModalInteractionResponseCallbackData {
  const pages = pageCount(form);
  // A long title gives way, not the page number.
  const room = MODAL.title - (pages > 1 ? [...t(locale, 'discord.form.page', { title: '', page: page + 1, pages })].length : 0);
  const title = clipPlain(form.title, room);
  return {
    custom_id: customId,
    title: pages > 1 ? t(locale, 'discord.form.page', { title, page: page + 1, pages }) : title,
    components: pageFields(form, page).map((f): APILabelComponent => {
      const required = f.required && !f.askIf;
      const choices = choicesOf(f, locale);
      return {
        type: ComponentType.Label,
        label: clipPlain(f.label, MODAL.label),
        // A label cut to fit still reads whole just below it.
        ...([...f.label].length > MODAL.label ? { description: clipPlain(f.label, MODAL.description) } : {}),
        component: choices ? stringSelect(f, choices, values[f.name], required, locale) : textInput(f, values[f.name], required),
      };
    }),
  };
}

/**
 * One field of a submitted modal as the command reads it: a text input's text; a string select's
 * chosen value ('' when none). Undefined when the submission does not hold the field.
 */
export function submittedValue(fields: ModalSubmitFields, name: string): string | undefined {
  const field = fields.fields.get(name);
  if (field?.type === ComponentType.TextInput) return field.value;
  if (field?.type === ComponentType.StringSelect) return fields.getStringSelectValues(name)[0] ?? '';
  return undefined;
}

/** What the person entered on one page, by field name; fields the platform did not send are left out. */
export function readPage(form: Form, page: number, submitted: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of pageFields(form, page)) {
    const v = submitted(f.name);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}
