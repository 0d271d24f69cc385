import type { types, ViewStateValue } from '@slack/bolt';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { text, type Card } from '../../src/ui/card.ts';
import type { Form, FormField } from '../../src/ui/form.ts';
import { cardBlocks, LIMITS, type SlackBlock } from './render.ts';
import { clip, plainText } from './text.ts';

/** Every form a command asks for is one modal with this callback id; the command travels in the metadata. */
export const FORM_CALLBACK = 'crisis.form';
const MODAL_TEXT = 24;
const METADATA_MAX = 3000;

export type FormMeta = { command: string; context?: string; channel?: string; locale: Locale };

export function writeMeta(meta: FormMeta): string {
  const json = JSON.stringify(meta);
  if (json.length > METADATA_MAX) throw new Error(`private_metadata of ${meta.command} is ${json.length} characters; Slack keeps ${METADATA_MAX}`);
  return json;
}

export function readMeta(raw: string): FormMeta {
  const m = JSON.parse(raw) as Partial<FormMeta>;
  if (typeof m.command !== 'string' || (m.locale !== 'en' && m.locale !== 'zh-CN')) throw new Error('view private_metadata is not a crisis-bot form');
  return { command: m.command, context: m.context, channel: m.channel, locale: m.locale };
}

const option = (value: string, label: string): types.PlainTextOption => ({ text: plainText(clip(label, 75)), value: value.slice(0, 150) });

function epochOf(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const ms = new Date(raw.replace(' ', 'T')).getTime();
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function element(f: FormField, initial: string | undefined, locale: Locale): types.InputBlock['element'] {
  const base = { action_id: f.name, ...(f.placeholder ? { placeholder: plainText(clip(f.placeholder, 150)) } : {}) };
  const select = (options: types.PlainTextOption[]): types.StaticSelect => {
    const chosen = options.find((o) => initial !== undefined && o.value?.toLowerCase() === initial.toLowerCase());
    return { type: 'static_select', ...base, options: options.slice(0, 100), ...(chosen ? { initial_option: chosen } : {}) };
  };
  switch (f.kind) {
    case 'select':
      return select((f.options ?? []).map((o) => option(o.value, o.label)));
    case 'boolean':
      return select([option('yes', t(locale, 'slack.yes')), option('no', t(locale, 'slack.no'))]);
    case 'datetime': {
      const at = epochOf(initial);
      return { type: 'datetimepicker', action_id: f.name, ...(at ? { initial_date_time: at } : {}) };
    }
    default: {
      const max = Math.min(f.maxLength ?? 3000, 3000);
      return { type: 'plain_text_input', ...base, multiline: f.kind === 'longtext', max_length: max, ...(initial ? { initial_value: initial.slice(0, max) } : {}) };
    }
  }
}

function inputBlock(f: FormField, form: Form, locale: Locale): types.InputBlock {
  return {
    type: 'input',
    block_id: f.name,
    label: plainText(clip(f.label, 2000)),
    // Dependent fields (askIf) stay optional here: the command's own check asks for them when needed.
    optional: !f.required || Boolean(f.askIf),
    element: element(f, form.values[f.name], locale),
  };
}

/**
 * A form as a modal: one input block per field (block_id and action_id = field name; action ids
 * must be unique in a view) so Slack keeps what was
 * typed and `response_action: errors` can point at a field. Problems found before the modal opened
 * (a wrong inline value) are shown above the fields, since a new modal cannot carry errors. The
 * form's values are the inputs' initial values (a correction starts from the current version).
 */
export function formView(form: Form, meta: FormMeta): types.ModalView {
  const L = meta.locale;
  // A modal title holds 24 characters; "Add a fact to INC-20261128-001" would lose its key, so a
  // longer title is shown whole above the fields.
  const heading: Card = { title: form.title.length > MODAL_TEXT ? form.title : undefined, blocks: [] };
  const remarks: Card = { blocks: [...form.notes, ...Object.values(form.errors)].map((n) => text(n)) };
  const inputs = form.fields.map((f) => inputBlock(f, form, L));
  const blocks: SlackBlock[] = [...[...cardBlocks(heading), ...cardBlocks(remarks)].slice(0, LIMITS.modalBlocks - inputs.length), ...inputs];
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    title: plainText(clip(form.title, MODAL_TEXT)),
    submit: plainText(clip(form.submit, MODAL_TEXT)),
    close: plainText(clip(t(L, 'slack.modal.close'), MODAL_TEXT)),
    private_metadata: writeMeta(meta),
    blocks,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Slack's picker answers in epoch seconds; the commands read `2026-11-28T14:30:00Z`. */
export function isoOf(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

function valueOf(v: ViewStateValue | undefined): string {
  if (!v) return '';
  if (typeof v.selected_date_time === 'number') return isoOf(v.selected_date_time);
  if (v.selected_option !== undefined) return v.selected_option?.value ?? '';
  if (v.selected_options !== undefined) return v.selected_options.length ? 'yes' : 'no';
  return v.value ?? '';
}

/** The submitted view's state as the command's raw values, one string per field. */
export function readValues(values: Record<string, Record<string, ViewStateValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([block, actions]) => [block, valueOf(actions[block] ?? Object.values(actions)[0])]));
}

/** Field errors keyed by block id; an error for a field the modal lacks goes on the first input. */
export function viewErrors(form: Form): Record<string, string> {
  const names = new Set(form.fields.map((f) => f.name));
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(form.errors)) {
    const block = names.has(name) ? name : (form.fields[0]?.name ?? name);
    out[block] = out[block] ? `${out[block]} ${message}` : message;
  }
  return out;
}

/** What replaces the modal after a successful submission: the command's answer, and a line about what happens next. */
export function answerView(cards: readonly Card[], opts: { locale: Locale; title: string; after?: string }): types.ModalView {
  const blocks = cards.flatMap(cardBlocks);
  if (opts.after) blocks.push({ type: 'context', elements: [plainText(clip(opts.after, LIMITS.section))] });
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK}.done`,
    title: plainText(clip(opts.title, MODAL_TEXT)),
    close: plainText(clip(t(opts.locale, 'slack.done.close'), MODAL_TEXT)),
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}

type Label = { type: 'plain_text'; text: string; emoji?: boolean };
/** What a view_submission carries of its view (Bolt's ViewOutput, loosely). */
type SubmittedView = {
  title: Label;
  submit?: Label | null;
  close?: Label | null;
  private_metadata?: string;
  callback_id?: string;
  blocks: readonly unknown[];
  state?: { values: Record<string, Record<string, ViewStateValue>> };
};

/** The element's value as an initial value again: what the person had entered stays in the field. */
function refill(element: Record<string, unknown>, v: ViewStateValue | undefined): Record<string, unknown> {
  const { initial_value: _v, initial_option: _o, initial_date_time: _d, ...rest } = element;
  if (!v) return element;
  if (typeof v.selected_date_time === 'number') return { ...rest, initial_date_time: v.selected_date_time };
  if (v.selected_option) return { ...rest, initial_option: v.selected_option };
  if (v.selected_option === null) return rest;
  if (typeof v.value === 'string') return v.value ? { ...rest, initial_value: v.value } : rest;
  return element;
}

/**
 * The submitted modal again, every input holding what was entered, with `notice` above the fields:
 * for a submission whose ack already went out (the answer-later path), when errors can no longer
 * be returned on a field and the modal must be put back as the person left it.
 */
export function refilledView(view: SubmittedView, notice: string): types.ModalView {
  const values = view.state?.values ?? {};
  const blocks = view.blocks.map((raw) => {
    const b = raw as { type?: string; block_id?: string; element?: Record<string, unknown> };
    if (b.type !== 'input' || !b.block_id || !b.element) return raw;
    const action = b.element.action_id as string | undefined;
    const state = values[b.block_id];
    return { ...b, element: refill(b.element, (action && state?.[action]) || (state && Object.values(state)[0])) };
  }) as SlackBlock[];
  const head = cardBlocks({ blocks: [text(notice)] });
  return {
    type: 'modal',
    callback_id: view.callback_id ?? FORM_CALLBACK,
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    private_metadata: view.private_metadata,
    blocks: [...head, ...blocks].slice(0, LIMITS.modalBlocks),
  };
}

/** `response_action: errors` for a submission that was not recorded: the message on the first input. */
export function unrecordedErrors(view: { blocks: readonly unknown[] }, message: string): Record<string, string> {
  const first = view.blocks.find((b): b is { block_id: string } => (b as { type?: string }).type === 'input' && typeof (b as { block_id?: unknown }).block_id === 'string');
  return { [first?.block_id ?? 'title']: message };
}
