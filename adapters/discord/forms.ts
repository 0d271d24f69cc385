import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import { submitForm, tryCommand } from '../../commands/index.ts';
import type { Invocation } from '../../commands/types.ts';
import type { Core } from '../../src/core.ts';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { isUnavailable } from '../../src/store/connect.ts';
import { deleteDraft, findDraft, saveDraft, type Draft } from '../../src/store/drafts.ts';
import { card, note, text, type Block, type Card } from '../../src/ui/card.ts';
import type { Form } from '../../src/ui/form.ts';
import { HELD_FOR_MS, HeldInput } from './held.ts';
import { formModalId, newDraftId, PAGE_BUTTON, pageButtonValue, type PageRef } from './ids.ts';
import { formModal, pageCount, pageFields, pageOf, readPage, submittedValue } from './modal.ts';
import { answer } from './reply.ts';

type Inv = Omit<Invocation, 'args'>;
type Opener = ChatInputCommandInteraction | ButtonInteraction;
/** The invocation in the guild its incident belongs to (an interaction in a DM has none); `hint` names the incident. */
export type Place = (i: Interaction, inv: Inv, hint: string | undefined) => Promise<Inv>;

/** The database did not answer (a command said so rather than throwing): nothing was recorded. */
class Unreachable extends Error {}

/** Every input of a submitted page, by custom_id (the field's name): what to hold when the form is not at hand. */
function everyInput(i: ModalSubmitInteraction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of i.fields.fields.keys()) {
    const v = submittedValue(i.fields, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * A neutral Form as a chain of Discord modals of at most five inputs. Every submitted page is
 * saved in a draft (the database, keyed by the id the custom_ids carry) before anything else
 * happens, so closing a modal, a restart, or a wrong value loses nothing already typed.
 * The draft keeps the command text that opened the form (`raise`, `fact INC-… add`, `level INC-… 1`):
 * run again, it gives the form's definition back for the next page.
 * When the database does not answer, a submitted page is held in memory (HeldInput) and the
 * person gets a Try again button that opens the same page filled in; nothing claims success.
 */
export class FormFlow {
  private readonly held = new HeldInput();

  constructor(
    private readonly core: Core,
    /** Delivers the outbox after a submission changed something. */
    private readonly settle: () => Promise<void>,
    private readonly place: Place,
  ) {}

  /**
   * Opens the first page (`opened`: the command text that gave the form). Nothing is written
   * unless the form needs more than the first page and its command name to come back.
   */
  async start(i: Opener, inv: Inv, form: Form, opened: string = form.command): Promise<void> {
    const ref: PageRef = { draft: newDraftId(), page: 0, mode: pageCount(form) > 1 ? 'next' : 'finish' };
    const onFirst = new Set(pageFields(form, 0).map((f) => f.name));
    if (opened !== form.command || form.context || Object.keys(form.values).some((k) => !onFirst.has(k))) await this.saveNew(ref.draft, i, form, opened);
    await i.showModal(formModal(form, 0, form.values, formModalId(form.command, ref), inv.locale));
  }

  /**
   * When the answer had to be deferred a modal can no longer open: the first page waits behind a
   * button, in the deferred reply (`edit`) or, after a click acknowledged without a reply, in a follow-up.
   */
  async offer(i: Opener, inv: Inv, form: Form, opened: string = form.command, how: 'edit' | 'followUp' = 'edit'): Promise<void> {
    const ref: PageRef = { draft: newDraftId(), page: 0, mode: pageCount(form) > 1 ? 'next' : 'finish' };
    await this.saveNew(ref.draft, i, form, opened);
    const pages = pageCount(form);
    const open = { id: PAGE_BUTTON, value: pageButtonValue(ref), label: t(inv.locale, 'discord.form.continue', { page: 1, pages }), style: 'primary' as const };
    await answer(i, [card(form.title, [...form.notes.map((n) => text(n)), { kind: 'actions', buttons: [open] }])], how);
  }

  /** A Continue, Fix or Try again button: the page again, prefilled with everything saved (or held) so far. */
  async reopen(i: ButtonInteraction, inv: Inv, ref: PageRef): Promise<void> {
    const held = this.held.take(ref.draft, i.user.id);
    try {
      const draft = await this.ownDraft(ref.draft, i.user.id);
      const opened = draft?.command ?? held?.command;
      const placed = opened ? await this.place(i, inv, opened) : inv;
      const form = opened && (await this.formFor(placed, opened));
      if (!form || ref.page >= pageCount(form)) {
        await i.reply({ content: t(inv.locale, 'discord.form.expired'), flags: MessageFlags.Ephemeral });
        return;
      }
      await i.showModal(formModal(form, ref.page, { ...draft?.values, ...held?.values }, formModalId(form.command, ref), inv.locale));
    } catch (err) {
      if (!(err instanceof Unreachable) && !isUnavailable(err)) throw err;
      // Nothing typed here is lost by this: it is in the draft, or held, or (held no longer) was never recorded.
      await answer(i, [this.retryCard(inv.locale, ref, held ? 'outage.discord.form' : 'outage.discord.lost')], 'reply');
    }
  }

  /** A page came back: save it, then offer the next page or submit the whole form. */
  async submitted(i: ModalSubmitInteraction, inv: Inv, ref: PageRef & { command: string }): Promise<void> {
    const finishing = ref.mode === 'finish';
    // Submitting can take longer than the 3 s Discord allows for a first answer: acknowledge first.
    if (finishing) await i.deferReply({ flags: MessageFlags.Ephemeral });
    const seen: { opened?: string } = {};
    try {
      await this.record(i, inv, ref, finishing, seen);
      this.held.drop(ref.draft);
    } catch (err) {
      if (!(err instanceof Unreachable) && !isUnavailable(err)) throw err;
      this.held.keep(ref.draft, i.user.id, seen.opened ?? this.held.take(ref.draft, i.user.id)?.command ?? ref.command, everyInput(i));
      await this.say(i, finishing, this.retryCard(inv.locale, ref, 'outage.discord.form'));
    }
  }

  /**
   * Saves the page and goes on. Throws when the database does not answer, having noted in `seen`
   * the command text that opened the form once the draft said it.
   */
  private async record(i: ModalSubmitInteraction, inv: Inv, ref: PageRef & { command: string }, finishing: boolean, seen: { opened?: string }): Promise<void> {
    const saved = await findDraft(this.core.db, ref.draft);
    // A draft is written for every form but a first page that holds all of a context-free form: its command's name opens it again.
    const opened = saved?.command ?? ref.command;
    seen.opened = opened;
    inv = await this.place(i, inv, opened);
    const form = await this.formFor(inv, opened);
    if (!form || form.command !== ref.command || (saved && saved.user !== i.user.id)) {
      await this.say(i, finishing, note(t(inv.locale, 'discord.form.expired'), 'warning'));
      return;
    }
    const typed = readPage(form, ref.page, (name) => submittedValue(i.fields, name));
    const draft: Draft = {
      _id: ref.draft, command: opened, values: { ...saved?.values, ...typed }, context: saved?.context ?? form.context, user: i.user.id, createdAt: saved?.createdAt ?? this.core.now(),
    };
    await saveDraft(this.core.db, draft);
    if (!finishing) {
      await this.say(i, false, this.savedCard(inv.locale, form, ref));
      return;
    }
    // The draft, not the interaction, is the delivery: a last page submitted twice at once raises once.
    const outcome = await submitForm(this.core, { ...inv, eventKey: `draft:${ref.draft}`, replyTo: { room: i.channelId ?? undefined } }, ref.command, draft.values, draft.context);
    if (outcome.kind === 'unrecorded') throw new Unreachable();
    if (outcome.kind === 'form') {
      await this.say(i, true, this.fixCard(inv.locale, outcome.form, ref.draft));
      return;
    }
    // Recorded: a draft left behind (the database gone just now) is harmless — submitted again, its key answers "already done".
    await deleteDraft(this.core.db, ref.draft).catch((err: unknown) => this.core.log.warn({ err, draft: ref.draft }, 'draft not deleted after its form was recorded'));
    await answer(i, outcome.cards, 'edit');
    await this.settle();
  }

  /** Nothing was recorded: says so, with a button that opens this page again filled in. */
  private retryCard(locale: Locale, ref: PageRef, key: 'outage.discord.form' | 'outage.discord.lost'): Card {
    const retry = { id: PAGE_BUTTON, value: pageButtonValue(ref), label: t(locale, 'outage.discord.retry'), style: 'primary' as const };
    return card(undefined, [text(t(locale, key, { minutes: HELD_FOR_MS / 60_000 })), { kind: 'actions', buttons: [retry] }], 'warning');
  }

  private async say(i: ModalSubmitInteraction, deferred: boolean, c: Card): Promise<void> {
    await answer(i, [c], deferred ? 'edit' : 'reply');
  }

  private async saveNew(id: string, i: Opener, form: Form, opened: string): Promise<void> {
    await saveDraft(this.core.db, { _id: id, command: opened, values: form.values, context: form.context, user: i.user.id, createdAt: this.core.now() });
  }

  private async ownDraft(id: string, user: string): Promise<Draft | undefined> {
    const draft = await findDraft(this.core.db, id);
    return draft && draft.user === user ? draft : undefined;
  }

  /** The form as the command that opened it defines it now, in this person's language. */
  private async formFor(inv: Inv, opened: string): Promise<Form | undefined> {
    const outcome = await tryCommand(this.core, inv, opened);
    if (outcome.kind === 'unrecorded') throw new Unreachable();
    return outcome.kind === 'form' ? outcome.form : undefined;
  }

  private savedCard(locale: Locale, form: Form, ref: PageRef): Card {
    const pages = pageCount(form);
    const next = ref.page + 1;
    return card(undefined, [
      text(t(locale, 'discord.form.saved', { page: ref.page + 1, pages })),
      {
        kind: 'actions',
        buttons: [{ id: PAGE_BUTTON, value: pageButtonValue({ draft: ref.draft, page: next, mode: next === pages - 1 ? 'finish' : 'next' }), label: t(locale, 'discord.form.continue', { page: next + 1, pages }), style: 'primary' }],
      },
    ]);
  }

  /** Which fields are wrong and why, each page holding one with a button that reopens it prefilled. */
  private fixCard(locale: Locale, form: Form, draft: string): Card {
    const pages = pageCount(form);
    const wrong = form.fields.filter((f) => form.errors[f.name]);
    const toFix = [...new Set(wrong.map((f) => pageOf(form, f.name)))];
    const blocks: Block[] = [text(t(locale, 'discord.form.invalid')), ...wrong.map((f) => text(form.errors[f.name]!)), ...form.notes.map((n) => text(n))];
    blocks.push({
      kind: 'actions',
      buttons: (toFix.length ? toFix : [0]).map((page) => ({
        id: PAGE_BUTTON,
        value: pageButtonValue({ draft, page, mode: 'finish' }),
        label: t(locale, 'discord.form.fix', { page: page + 1, pages }),
        style: 'primary' as const,
      })),
    });
    return card(undefined, blocks, 'warning');
  }
}
