// Discord's documented limits, enforced server-side like Discord does (discord.js does not check all of them).
// Error bodies follow Discord's shape: {message, code, errors: {field: {_errors: [{code, message}]}}}.
import { Locale } from 'discord-api-types/v10';

export interface ApiError { status: number; body: { message: string; code: number; errors?: unknown } }
export const apiError = (status: number, code: number, message: string, errors?: unknown): ApiError =>
  ({ status, body: { message, code, ...(errors ? { errors } : {}) } });

export const E = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  maxPins: () => apiError(400, 30003, 'Maximum number of pins reached (50)'),
  alreadyAcked: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => apiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  nonText: () => apiError(400, 50008, 'Cannot send messages in a non-text channel'),
  cannotDm: () => apiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => apiError(401, 50027, 'Invalid Webhook Token'),
  notFound: () => apiError(404, 0, '404: Not Found'),
};

/** Collects field errors at paths like ['components', 0, 'components']. */
export class ErrorTree {
  root: Record<string, unknown> = {};
  add(path: (string | number)[], code: string, message: string): void {
    let node = this.root;
    for (const key of path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code, message });
  }
  max(path: (string | number)[], value: unknown, max: number): void {
    if ((typeof value === 'string' || Array.isArray(value)) && value.length > max)
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
  range(path: (string | number)[], value: unknown, min: number, max: number): void {
    const len = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
    if (value === undefined || value === null) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (len < min || len > max) this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
  get ok(): boolean { return Object.keys(this.root).length === 0; }
  toError(): ApiError | null { return this.ok ? null : apiError(400, 50035, 'Invalid Form Body', this.root); }
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Create/edit message (also interaction callback data, with prefix ['data']). */
export function validateMessage(body: Obj, prefix: (string | number)[] = []): ApiError | null {
  const t = new ErrorTree();
  t.max([...prefix, 'content'], body.content, 2000);
  const embeds = arr(body.embeds);
  t.max([...prefix, 'embeds'], embeds, 10);
  let total = 0;
  embeds.forEach((e, i) => {
    const p = [...prefix, 'embeds', i];
    const footer = (e.footer ?? {}) as Obj, author = (e.author ?? {}) as Obj;
    t.max([...p, 'title'], e.title, 256);
    t.max([...p, 'description'], e.description, 4096);
    t.max([...p, 'fields'], e.fields, 25);
    t.max([...p, 'footer', 'text'], footer.text, 2048);
    t.max([...p, 'author', 'name'], author.name, 256);
    total += str(e.title).length + str(e.description).length + str(footer.text).length + str(author.name).length;
    arr(e.fields).forEach((f, j) => {
      t.range([...p, 'fields', j, 'name'], f.name, 1, 256);
      t.range([...p, 'fields', j, 'value'], f.value, 1, 1024);
      total += str(f.name).length + str(f.value).length;
    });
  });
  if (total > 6000) t.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  validateAllowedMentions(t, [...prefix, 'allowed_mentions'], body.allowed_mentions);
  const rows = arr(body.components);
  const isV2 = (Number(body.flags ?? 0) & (1 << 15)) !== 0;
  if (!isV2) t.max([...prefix, 'components'], rows, 5);
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (row.type !== 1) return;
    const p = [...prefix, 'components', i, 'components'];
    t.range(p, row.components, 1, 5);
    arr(row.components).forEach((c, j) => {
      t.max([...p, j, 'label'], c.label, 80);
      if (c.type === 2 && (c.style === 5 || c.style === 6)) return; // link / premium buttons have no custom_id
      t.range([...p, j, 'custom_id'], c.custom_id, 1, 100);
      if (typeof c.custom_id === 'string' && seen.has(c.custom_id))
        t.add([...p, j, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seen.add(str(c.custom_id));
    });
  });
  return t.toError();
}

/** DAD resources/message.mdx "Allowed Mentions Object": parse types, ≤100 ids, and parse/list exclusive per type. */
function validateAllowedMentions(t: ErrorTree, p: (string | number)[], v: unknown): void {
  if (v === undefined || v === null) return;
  const am = v as Obj;
  const parse = am.parse === undefined ? [] : am.parse;
  if (!Array.isArray(parse) || parse.some((x) => !['roles', 'users', 'everyone'].includes(String(x))))
    t.add([...p, 'parse'], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
  for (const kind of ['users', 'roles'] as const) {
    t.max([...p, kind], am[kind], 100);
    if (Array.isArray(parse) && parse.includes(kind) && arr(am[kind]).length)
      t.add([...p, 'parse'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
  }
}

export function isEmptyMessage(body: Obj): boolean {
  return !str(body.content) && arr(body.embeds).length === 0 && arr(body.components).length === 0 &&
    arr(body.attachments).length === 0 && arr(body.sticker_ids).length === 0 && !body.poll;
}

function validateTextInput(t: ErrorTree, p: (string | number)[], c: Obj, legacyLabel: boolean): void {
  if (c.type !== 4) return t.add([...p, 'type'], 'COMPONENT_TYPE_INVALID', 'Component type is invalid');
  t.range([...p, 'custom_id'], c.custom_id, 1, 100);
  if (legacyLabel) t.range([...p, 'label'], c.label, 1, 45);
  t.max([...p, 'value'], c.value, 4000);
  // (guess) Discord refuses a prefilled value longer than the input's own max_length.
  if (typeof c.max_length === 'number') t.max([...p, 'value'], c.value, c.max_length);
  t.max([...p, 'placeholder'], c.placeholder, 100);
  if (typeof c.max_length === 'number' && (c.max_length < 1 || c.max_length > 4000))
    t.add([...p, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
  if (typeof c.min_length === 'number' && (c.min_length < 0 || c.min_length > 4000))
    t.add([...p, 'min_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
}

/** An integer field within [min, max] when present (Discord's NUMBER_TYPE_MIN / NUMBER_TYPE_MAX). */
function intRange(t: ErrorTree, p: (string | number)[], v: unknown, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) t.add(p, 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not int.`);
  else if (v < min) t.add(p, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  else if (v > max) t.add(p, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
}

/**
 * A string select (type 3) inside a modal's Label (DAD components/reference.mdx "String Select"):
 * custom_id 1–100; 1–25 options, each label and value 1–100 (description ≤ 100); placeholder ≤ 150;
 * min_values 0–25 and max_values 1–25; min_values 0 only when `required` is false (it defaults to
 * true); `disabled` is an error in a modal.
 */
function validateStringSelect(t: ErrorTree, p: (string | number)[], c: Obj): void {
  t.range([...p, 'custom_id'], c.custom_id, 1, 100);
  t.range([...p, 'options'], c.options, 1, 25);
  const options = arr(c.options);
  const values = new Set<string>();
  options.forEach((o, i) => {
    t.range([...p, 'options', i, 'label'], o.label, 1, 100);
    t.range([...p, 'options', i, 'value'], o.value, 1, 100);
    t.max([...p, 'options', i, 'description'], o.description, 100);
    // (guess) Discord refuses two options with one value: a submission could not tell them apart.
    if (values.has(str(o.value))) t.add([...p, 'options', i, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select option values must be unique');
    values.add(str(o.value));
  });
  t.max([...p, 'placeholder'], c.placeholder, 150);
  if ((c.required ?? true) !== false && c.min_values === 0) t.add([...p, 'min_values'], 'SELECT_COMPONENT_REQUIRED_MIN_VALUES', 'min_values must be at least 1 when the select is required'); // DAD: "min_values must be either omitted or at least 1 if required is omitted or true"
  if (c.disabled === true) t.add([...p, 'disabled'], 'COMPONENT_DISABLED_IN_MODAL', 'Modals cannot have disabled components'); // DAD: "Using disabled in a modal will result in an error"
  const before = JSON.stringify(t.root);
  intRange(t, [...p, 'min_values'], c.min_values, 0, 25);
  intRange(t, [...p, 'max_values'], c.max_values, 1, 25);
  if (JSON.stringify(t.root) !== before) return; // the rules between them and the options hold only for values in range
  const min = typeof c.min_values === 'number' ? c.min_values : 1;
  const max = typeof c.max_values === 'number' ? c.max_values : 1;
  if (min > max) t.add([...p, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values'); // (guess: code and wording)
  // A max_values above the options' count is refused (discord.py issue #6984: max_values 3 with one option, 50035).
  if (options.length && max > options.length) t.add([...p, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', `max_values must be less than or equal to the number of options (${options.length})`); // (guess: code)
  // (guess) More options marked default than may be chosen.
  if (options.filter((o) => o.default === true).length > max) t.add([...p, 'options'], 'SELECT_COMPONENT_TOO_MANY_DEFAULTS', `At most ${max} options can be default`);
}

/**
 * Modal callback (type 9) data: 1–5 top-level components — a Label (type 18: label 1–45,
 * description ≤ 100, one text input or string select), a legacy action row with one text input,
 * or a text display; custom_ids unique. The fake models only these two inputs in a Label: any
 * other component there is refused (extend the fake before using one).
 */
export function validateModal(data: Obj): ApiError | null {
  const t = new ErrorTree();
  t.range(['data', 'title'], data.title, 1, 45);
  t.range(['data', 'custom_id'], data.custom_id, 1, 100);
  t.range(['data', 'components'], data.components, 1, 5);
  const seen = new Set<string>();
  const unique = (p: (string | number)[], c: Obj) => {
    if (typeof c.custom_id === 'string' && seen.has(c.custom_id)) t.add([...p, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    seen.add(str(c.custom_id));
  };
  arr(data.components).forEach((c, i) => {
    const p = ['data', 'components', i];
    if (c.type === 1) {
      t.range([...p, 'components'], c.components, 1, 1);
      arr(c.components).forEach((inner, j) => {
        validateTextInput(t, [...p, 'components', j], inner, true);
        unique([...p, 'components', j], inner);
      });
    } else if (c.type === 18) {
      t.range([...p, 'label'], c.label, 1, 45);
      t.max([...p, 'description'], c.description, 100);
      const inner = c.component && typeof c.component === 'object' ? c.component as Obj : undefined;
      if (!inner) t.add([...p, 'component'], 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (inner.type === 4) validateTextInput(t, [...p, 'component'], inner, false);
      else if (inner.type === 3) validateStringSelect(t, [...p, 'component'], inner);
      else t.add([...p, 'component', 'type'], 'COMPONENT_TYPE_INVALID', 'Component type is invalid');
      if (inner) unique([...p, 'component'], inner);
    } else if (c.type !== 10) t.add([...p, 'type'], 'COMPONENT_TYPE_INVALID', 'Component type is invalid');
  });
  return t.toError();
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const LOCALES = new Set<string>(Object.values(Locale));

function validateNamed(t: ErrorTree, p: (string | number)[], o: Obj, chatInput: boolean): void {
  const name = str(o.name);
  if (chatInput ? !NAME_RE.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32)
    t.add([...p, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  if (chatInput) t.range([...p, 'description'], o.description, 1, 100);
  for (const field of ['name_localizations', 'description_localizations']) {
    for (const [locale, value] of Object.entries((o[field] ?? {}) as Obj)) {
      if (!LOCALES.has(locale)) t.add([...p, field, locale], 'ENUM_TYPE_COERCE', `Value "${locale}" is not a valid enum value.`);
      else if (field === 'name_localizations' && chatInput && (!NAME_RE.test(str(value)) || str(value) !== str(value).toLowerCase()))
        t.add([...p, field, locale], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      else if (field === 'description_localizations') t.range([...p, field, locale], value, 1, 100);
    }
  }
}

function validateOptions(t: ErrorTree, p: (string | number)[], options: unknown): void {
  t.max(p, options, 25);
  arr(options).forEach((o, i) => {
    validateNamed(t, [...p, i], o, true);
    t.max([...p, i, 'choices'], o.choices, 25);
    if (o.type === 1 || o.type === 2) validateOptions(t, [...p, i, 'options'], o.options);
  });
}

/** Bulk-overwrite body: an array of commands. */
export function validateCommands(body: unknown): ApiError | null {
  const t = new ErrorTree();
  if (!Array.isArray(body)) t.add([], 'BASE_TYPE_ARRAY', 'Must be an array');
  arr(body).forEach((cmd, i) => {
    const chatInput = (cmd.type ?? 1) === 1;
    validateNamed(t, [i], cmd, chatInput);
    validateOptions(t, [i, 'options'], cmd.options);
  });
  const names = arr(body).map((c) => `${String(c.type ?? 1)}:${str(c.name)}`);
  if (new Set(names).size !== names.length) t.add([], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
  return t.toError();
}

export function validateChannel(body: Obj, partial: boolean): ApiError | null {
  const t = new ErrorTree();
  if (!partial || body.name !== undefined) t.range(['name'], body.name, 1, 100);
  t.max(['topic'], body.topic, 1024);
  if (body.type !== undefined && ![0, 2, 4, 5, 13, 15].includes(Number(body.type)))
    t.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {0, 2, 4, 5, 13, 15}.`);
  arr(body.permission_overwrites).forEach((o, i) => {
    if (o.type !== 0 && o.type !== 1) t.add(['permission_overwrites', i, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.');
    if (typeof o.id !== 'string') t.add(['permission_overwrites', i, 'id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  return t.toError();
}

/** What a person enters in one modal input: text typed, or the values of the options chosen in a select. */
export type ModalEntry = string | readonly string[];

/**
 * What Discord's client would not let a person submit for this modal (it enforces the inputs'
 * own limits before sending): a field the modal does not have, an input left out, an empty
 * required input, a value shorter than min_length or longer than max_length (default 4000),
 * counted in characters (code points); for a string select, text instead of a choice, a value
 * that is not one of its options, one chosen twice, fewer than min_values (default 1) or more
 * than max_values (default 1), or nothing when it is required. Null when the submission is possible.
 */
export function modalSubmitProblem(modal: Obj, fields: Record<string, ModalEntry>): string | null {
  const inputs = arr(modal.components).flatMap((c) => (c.type === 18 ? [c.component as Obj] : c.type === 1 ? arr(c.components) : [])).filter((c) => c?.type === 4 || c?.type === 3);
  const byId = new Map(inputs.map((c) => [str(c.custom_id), c]));
  for (const name of Object.keys(fields)) if (!byId.has(name)) return `the modal has no input ${name}`;
  for (const [name, input] of byId) {
    const entry = fields[name];
    if (entry === undefined) return `input ${name} is missing from the submission (Discord sends every input)`;
    if (input.type === 3) {
      if (typeof entry === 'string') return `input ${name} is a select: a person chooses among its options and cannot type ${JSON.stringify(entry)}`;
      const offered = new Set(arr(input.options).map((o) => str(o.value)));
      const unknown = entry.find((v) => !offered.has(v));
      if (unknown !== undefined) return `select ${name} has no option ${JSON.stringify(unknown)} (it offers ${[...offered].join(', ')})`;
      if (new Set(entry).size !== entry.length) return `select ${name} cannot have one option chosen twice`;
      const min = typeof input.min_values === 'number' ? input.min_values : 1;
      const max = typeof input.max_values === 'number' ? input.max_values : 1;
      const required = input.required ?? true;
      if (entry.length === 0 && required) return `select ${name} is required`;
      if (entry.length > max) return `select ${name} has ${entry.length} options chosen, more than its max_values ${max}`;
      // An optional select may be left empty whatever its min_values; once answered, min_values holds.
      if (entry.length > 0 && entry.length < min) return `select ${name} has ${entry.length} options chosen, fewer than its min_values ${min}`;
      continue;
    }
    if (typeof entry !== 'string') return `input ${name} is a text input: a person types text, there is nothing to choose`;
    const length = [...entry].length;
    const max = typeof input.max_length === 'number' ? input.max_length : 4000;
    if (length > max) return `input ${name} holds ${length} characters, more than its max_length ${max}`;
    if ((input.required ?? true) && length === 0) return `input ${name} is required`;
    if (length > 0 && typeof input.min_length === 'number' && length < input.min_length) return `input ${name} holds ${length} characters, fewer than its min_length ${input.min_length}`;
  }
  return null;
}
