import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { runCommand, submitForm } from '../../commands/index.ts';
import type { Invocation } from '../../commands/types.ts';
import type { Core } from '../../src/core.ts';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { deleteDraft, findDraft, saveDraft, type Draft } from '../../src/store/drafts.ts';
import { card, note, text, type Block, type Card } from '../../src/ui/card.ts';
import type { Form } from '../../src/ui/form.ts';
import { formModalId, newDraftId, PAGE_BUTTON, pageButtonValue, type PageRef } from './ids.ts';
import { formModal, pageCount, pageFields, pageOf, readPage } from './modal.ts';
import { answer } from './reply.ts';

type Inv = Omit<Invocation, 'args'>;
type Opener = ChatInputCommandInteraction | ButtonInteraction;

/**
 * A neutral Form as a chain of Discord modals of at most five inputs. Every submitted page is
 * saved in a draft (the database, keyed by the id the custom_ids carry) before anything else
 * happens, so closing a modal, a restart, or a wrong value loses nothing already typed.
 */
export class FormFlow {
  constructor(
    private readonly core: Core,
    /** Delivers the outbox after a submission changed something. */
    private readonly settle: () => Promise<void>,
  ) {}

  /** Opens the first page. Nothing is written unless the form carries values the first page cannot hold. */
  async start(i: Opener, inv: Inv, form: Form): Promise<void> {
    const ref: PageRef = { draft: newDraftId(), page: 0, mode: pageCount(form) > 1 ? 'next' : 'finish' };
    const onFirst = new Set(pageFields(form, 0).map((f) => f.name));
    if (form.context || Object.keys(form.values).some((k) => !onFirst.has(k))) {
      await saveDraft(this.core.db, { _id: ref.draft, command: form.command, values: form.values, context: form.context, user: i.user.id, createdAt: this.core.now() });
    }
    await i.showModal(formModal(form, 0, form.values, formModalId(form.command, ref), inv.locale));
  }

  /** When the answer had to be deferred a modal can no longer open: the first page waits behind a button. */
  async offer(i: Opener, inv: Inv, form: Form): Promise<void> {
    const ref: PageRef = { draft: newDraftId(), page: 0, mode: pageCount(form) > 1 ? 'next' : 'finish' };
    await saveDraft(this.core.db, { _id: ref.draft, command: form.command, values: form.values, context: form.context, user: i.user.id, createdAt: this.core.now() });
    const pages = pageCount(form);
    const open = { id: PAGE_BUTTON, value: pageButtonValue(ref), label: t(inv.locale, 'discord.form.continue', { page: 1, pages }), style: 'primary' as const };
    await answer(i, [card(form.title, [...form.notes.map((n) => text(n)), { kind: 'actions', buttons: [open] }])], 'edit');
  }

  /** A Continue or Fix button: the page again, prefilled with everything saved so far. */
  async reopen(i: ButtonInteraction, inv: Inv, ref: PageRef): Promise<void> {
    const draft = await this.ownDraft(ref.draft, i.user.id);
    const form = draft && (await this.formFor(inv, draft.command, draft.context));
    if (!draft || !form || ref.page >= pageCount(form)) {
      await i.reply({ content: t(inv.locale, 'discord.form.expired'), flags: MessageFlags.Ephemeral });
      return;
    }
    await i.showModal(formModal(form, ref.page, draft.values, formModalId(draft.command, ref), inv.locale));
  }

  /** A page came back: save it, then offer the next page or submit the whole form. */
  async submitted(i: ModalSubmitInteraction, inv: Inv, ref: PageRef & { command: string }): Promise<void> {
    const finishing = ref.mode === 'finish';
    // Submitting can take longer than the 3 s Discord allows for a first answer: acknowledge first.
    if (finishing) await i.deferReply({ flags: MessageFlags.Ephemeral });
    const saved = await findDraft(this.core.db, ref.draft);
    const form = await this.formFor(inv, ref.command, saved?.context);
    if (!form || (saved && saved.user !== i.user.id)) {
      await this.say(i, finishing, note(t(inv.locale, 'discord.form.expired'), 'warning'));
      return;
    }
    const typed = readPage(form, ref.page, (name) => {
      const field = i.fields.fields.get(name);
      return field && 'value' in field && typeof field.value === 'string' ? field.value : undefined;
    });
    const draft: Draft = {
      _id: ref.draft, command: ref.command, values: { ...saved?.values, ...typed }, context: saved?.context, user: i.user.id, createdAt: saved?.createdAt ?? this.core.now(),
    };
    await saveDraft(this.core.db, draft);
    if (!finishing) {
      await this.say(i, false, this.savedCard(inv.locale, form, ref));
      return;
    }
    const outcome = await submitForm(this.core, { ...inv, eventKey: i.id, replyTo: { room: i.channelId ?? undefined, token: i.token } }, ref.command, draft.values, draft.context);
    if (outcome.kind === 'form') {
      await this.say(i, true, this.fixCard(inv.locale, outcome.form, ref.draft));
      return;
    }
    await deleteDraft(this.core.db, ref.draft);
    await answer(i, outcome.cards, 'edit');
    await this.settle();
  }

  private async say(i: ModalSubmitInteraction, deferred: boolean, c: Card): Promise<void> {
    await answer(i, [c], deferred ? 'edit' : 'reply');
  }

  private async ownDraft(id: string, user: string): Promise<Draft | undefined> {
    const draft = await findDraft(this.core.db, id);
    return draft && draft.user === user ? draft : undefined;
  }

  /** The form as the command defines it now, in this person's language. */
  private async formFor(inv: Inv, command: string, context: string | undefined): Promise<Form | undefined> {
    const outcome = await runCommand(this.core, inv, context ? `${command} ${context}` : command);
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
