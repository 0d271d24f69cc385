import { t } from '../src/i18n/index.ts';
import { readerZone } from '../src/playbook/zone.ts';
import { reportSummaryCard } from '../src/report/card.ts';
import { finaliseReport } from '../src/report/final.ts';
import { buildReport } from '../src/report/model.ts';
import { proposalForm, proposalsOf, PROPOSE_CONTEXT, submitProposal } from '../src/plans/chat.ts';
import { requestReportPost } from '../src/report/post.ts';
import { note } from '../src/ui/card.ts';
import { formatInZone } from '../src/ui/times.ts';
import { arg, defineCommand } from './define.ts';
import { choice, incident } from './kinds.ts';
import { reply } from './types.ts';

const ACTIONS = ['post', 'final', 'propose', 'proposals'] as const;
const actionArg = choice(ACTIONS, {
  labels: (a) => `upload.action.${a}` as const,
  refuse: (action, { inv }) => t(inv.locale, 'upload.err.action', { action }),
  field: 'action',
});

/**
 * `report [KEY] [post | final]`: the draft summary report's card (headline metrics, what is
 * missing), times in the reader's zone; `post` puts the report in the war room as a file with that
 * card (src/report/post.ts); `final` — the lead, once the incident is in review — freezes it
 * (src/report/final.ts) and posts the final one. `propose` opens the plan-change form and
 * `proposals` lists the plan's proposals (src/plans: the fourth part of the SOP, revising the plans).
 */
export const reportCommand = defineCommand({
  name: 'report',
  help: 'help.report',
  description: 'discord.cmd.report',
  args: [arg('key', incident('always'), { description: 'discord.opt.keyOptional' }), arg('action', actionArg, { description: 'discord.opt.reportAction' })],
  // The draft card's *Post report* button is `report KEY post`.
  buttons: { 'report.post': { parts: ['key'], fixed: { action: 'post' } } },
  async run(core, inv, { key: found, action }) {
    const L = inv.locale;
    const by = { id: inv.user.id, name: inv.user.name };
    if (action === 'post') {
      const posted = await requestReportPost(core, found, by, inv.eventKey);
      return reply(note(t(L, posted.final ? 'upload.queuedFinal' : 'upload.queued', { key: found.key, file: posted.file }), 'success'));
    }
    if (action === 'final') {
      const r = await finaliseReport(core, found, by, L);
      const at = formatInZone(new Date(r.at), readerZone(core.playbook, inv));
      return reply(note(t(L, r.already ? 'upload.final.already' : 'upload.final.done', { key: found.key, sha: r.sha256, at, by: r.by.name }), r.already ? 'info' : 'success'));
    }
    if (action === 'propose') return { kind: 'form', form: proposalForm(core, L, found) };
    if (action === 'proposals') return reply(await proposalsOf(core, L, found));
    const model = await buildReport(core, found.key);
    return reply(reportSummaryCard(model, { core, locale: L, zone: readerZone(core.playbook, inv) }));
  },
  // The plan-change form's submission: its context is `propose:KEY`.
  formArgs: (context) => ({ key: context.slice(PROPOSE_CONTEXT.length + 1), action: 'propose' }),
  async submit(core, inv, { key: found }, values) {
    const r = await submitProposal(core, inv.locale, found, values, { id: inv.user.id, name: inv.user.name }, inv.eventKey);
    return r.kind === 'form' ? { kind: 'form', form: r.form } : reply(r.card);
  },
});
