import { findCommand, runCommand, submitForm } from '../../commands/index.ts';
import type { Invocation, Outcome } from '../../commands/types.ts';
import type { Become } from '../../commands/as.ts';
import type { Core } from '../../src/core.ts';
import { t } from '../../src/i18n/index.ts';
import { readerZone } from '../../src/playbook/zone.ts';
import { howRead, parseField } from '../../src/ui/fields.ts';
import type { Form, FormField } from '../../src/ui/form.ts';
import type { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { observe } from '../../src/metrics/observe.ts';
import { dropDraft, readDraft } from './draft.ts';
import { renderCard } from './render.ts';

const FORM_WORDS = new Set(['/skip', '/cancel']);

/** `/crisis …`, or `/` and a command's name (`/status`): what a person types to run a command. */
function looksLikeCommand(line: string): boolean {
  const word = line.split(/\s+/)[0]!.toLowerCase();
  if (FORM_WORDS.has(word) || !word.startsWith('/')) return false;
  return word === '/crisis' || findCommand(word.slice(1)) !== undefined;
}

type Pending = { form: Form; queue: FormField[]; defaults: Record<string, string> };

/**
 * Hubot-style terminal chat: one line in, replies out. A form is asked one field per line,
 * and every answer already given is kept when a later one is wrong.
 */
export class ShellSession {
  private pending?: Pending;
  /** Commands that were refused or unknown: a piped run exits non-zero when there was any. */
  refusals = 0;

  private who: Omit<Invocation, 'args'> & { become: Become };

  constructor(
    private readonly core: Core,
    private readonly dispatcher: Dispatcher,
    who: Omit<Invocation, 'args'>,
    private readonly write: (line: string) => void,
    /** Where a half-answered form is kept between runs (adapters/shell/draft.ts); none in tests that do not say. */
    private readonly draftFile?: string,
  ) {
    // `/crisis as NAME` changes who types here from the next line on.
    this.who = { ...who, become: (next) => (this.who = { ...this.who, user: { id: next.id, name: next.name } }) };
  }

  /** Who types at this terminal now (changed by `/crisis as`). */
  get user() {
    return this.who.user;
  }

  /** What the terminal shows before each line it reads: who you are. */
  get promptText(): string {
    return `${this.who.user.id}> `;
  }

  private get locale() {
    return this.who.locale;
  }

  /**
   * Several lines pasted at once (the terminal's bracketed paste): one answer to the field a form
   * waits for, or one command whose text runs over several lines — never a line each.
   */
  async paste(lines: string[]): Promise<void> {
    return this.handle(lines.map((l) => l.replace(/\r$/, '')).join('\n'));
  }

  /** The form waiting, with every answer given so far: what is kept when the terminal is closed mid-form. */
  get draft(): Form | undefined {
    const p = this.pending;
    return p && { ...p.form, values: { ...p.form.values }, errors: {} };
  }

  /** Handles one typed line; resolves once its replies and war-room messages are printed. */
  async handle(raw: string): Promise<void> {
    const line = raw.replace(/\r$/, '');
    if (this.pending) return this.answer(line);
    const trimmed = line.trim();
    if (!trimmed) return;
    if (this.draftFile && (trimmed === '/resume' || trimmed === '/discard')) return this.kept(trimmed === '/resume');
    const m = trimmed.match(/^\/crisis(?:\s+([\s\S]*))?$/i);
    if (!m) {
      this.refusals++;
      this.write(t(this.locale, 'err.unknownCommand', { name: trimmed.split(/\s+/)[0]! }));
      return;
    }
    await this.show(await observe(this.core).ack('shell', () => runCommand(this.core, this.who, m[1] ?? 'help')));
  }

  /** `/resume` goes on with the form kept from an earlier run; `/discard` drops it. */
  private async kept(resume: boolean): Promise<void> {
    const found = readDraft(this.draftFile!);
    dropDraft(this.draftFile!);
    if (!found) return void this.write(t(this.locale, 'shell.draft.none'));
    if (!resume) return void this.write(t(this.locale, 'shell.draft.discarded', { form: found.form.title }));
    return this.show({ kind: 'form', form: found.form });
  }

  private async show(outcome: Outcome): Promise<void> {
    if (outcome.kind === 'reply') {
      if (outcome.refused) this.refusals++;
      for (const card of outcome.cards) for (const l of renderCard(card, this.locale, this.core.now())) this.write(l);
      // Delivery problems stay in the outbox for the next attempt; the typed command succeeded.
      await this.dispatcher.drain().catch((err) => this.core.log.error({ err }, 'outbox drain failed'));
      return;
    }
    const { form } = outcome;
    if (!this.pending) this.write(`== ${form.title} ==`);
    for (const n of form.notes) this.write(n);
    const retry = new Set(Object.keys(form.errors));
    for (const name of retry) this.write(form.errors[name]!);
    // A draft to edit is asked field by field again, Enter keeping the current value.
    const editing = form.editing && retry.size === 0;
    const defaults = editing ? form.values : {};
    const values = editing ? {} : Object.fromEntries(Object.entries(form.values).filter(([k]) => !retry.has(k)));
    const queue = form.fields.filter((f) => values[f.name] === undefined && (!f.askIf || values[f.askIf] !== undefined || retry.has(f.name)));
    this.pending = { form: { ...form, values }, queue, defaults };
    await this.next();
  }

  private async next(): Promise<void> {
    const p = this.pending!;
    const field = p.queue[0];
    if (field) return this.prompt(field);
    this.pending = undefined;
    const outcome = await submitForm(this.core, this.who, p.form.command, p.form.values, p.form.context);
    if (outcome.kind === 'unrecorded') {
      // Nothing was recorded: the form keeps waiting with every answer, and Enter submits it again.
      this.pending = p;
      this.write(t(this.locale, 'outage.shell.retry'));
      return;
    }
    await this.show(outcome);
  }

  /** The form still asking when input ends (piped input cut short): what it waited for (its submission, when the database did not answer). */
  get waiting(): { form: string; field: string } | undefined {
    const p = this.pending;
    if (!p) return undefined;
    return { form: p.form.title, field: p.queue[0]?.label ?? p.form.submit };
  }

  /** A line typed while an answered form waits to be submitted again: Enter submits, /cancel abandons. */
  private async resubmit(line: string): Promise<void> {
    const typed = line.trim();
    if (typed === '/cancel') {
      this.pending = undefined;
      this.write(t(this.locale, 'form.cancelled'));
      return;
    }
    if (typed) {
      if (looksLikeCommand(typed)) this.refusals++;
      this.write(t(this.locale, 'outage.shell.retry'));
      return;
    }
    return this.next();
  }

  private prompt(f: FormField) {
    const options = f.options ? ` — ${t(this.locale, 'form.choices', { choices: f.options.map((o) => (o.label === o.value ? o.value : `${o.value} (${o.label})`)).join(', ') })}` : '';
    const current = this.pending?.defaults[f.name];
    const optional = current ? ` (${t(this.locale, 'form.keep', { value: current })})` : f.required ? '' : ` (${t(this.locale, 'form.optional')})`;
    this.write(`? ${f.label}${optional}${options}`);
  }

  private async answer(line: string): Promise<void> {
    const p = this.pending!;
    if (!p.queue.length) return this.resubmit(line);
    const field = p.queue[0]!;
    const typed = line.trim() || (p.defaults[field.name] ?? '');
    if (typed === '/cancel') {
      this.pending = undefined;
      this.write(t(this.locale, 'form.cancelled'));
      return;
    }
    // A command typed while a form waits is never an answer (it once became a level change's
    // reason, for good, in the timeline): the form stays as it is and the command is not run.
    if (looksLikeCommand(typed)) {
      this.refusals++;
      this.write(t(this.locale, 'shell.formWaiting', { field: field.label, form: p.form.title, line: typed }));
      return this.prompt(field);
    }
    if (typed === '/skip') {
      for (const f of p.queue.filter((f) => !f.required || p.defaults[f.name])) p.form.values[f.name] = p.defaults[f.name] ?? '';
      p.queue = p.queue.filter((f) => f.required && !p.defaults[f.name]);
      return this.next();
    }
    const zone = readerZone(this.core.playbook, this.who);
    const parsed = parseField(field, typed, this.locale, this.core.now(), zone);
    if (!parsed.ok) {
      this.write(parsed.error);
      return this.prompt(field);
    }
    if (parsed.value instanceof Date) this.write(howRead(field, parsed.value, this.locale, zone));
    p.form.values[field.name] = typed;
    p.queue.shift();
    // A newly given value may bring a dependent field (askIf) into the form.
    const dependents = p.form.fields.filter((f) => f.askIf === field.name && f.name !== field.name && typed && p.form.values[f.name] === undefined);
    p.queue.unshift(...dependents);
    return this.next();
  }
}
