import type { Core } from '../core.ts';
import type { ChainedEvent } from '../domain/timeline.ts';
import { current, publishedText, waitingFor, type Publication, type Statement, type StatementText } from '../domain/statements.ts';
import { t } from '../i18n/index.ts';
import { roleName } from '../incidents/messaging.ts';
import { policyFor, type AnnouncementChannel } from '../playbook/statements.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import { card, text, type Block, type Button, type Card, type RoomLink } from '../ui/card.ts';
import { WAR_ROOM } from './service.ts';

/** The statement card in the war room, an approver's DM, the published statement, the list. */

const localeOf = (i: Incident): Locale => i.locale;
export const kindLabel = (L: Locale, s: Pick<Statement, 'kind'>) => t(L, `statement.kind.${s.kind}`);
export const audienceLabel = (L: Locale, s: Pick<Statement, 'audience'>) => t(L, `statement.audience.${s.audience}`);
export const statusLabel = (L: Locale, s: Pick<Statement, 'status'>) => t(L, `statement.status.${s.status}`);

export const channelOf = (core: Core, id: string): AnnouncementChannel | undefined => core.playbook.statements?.channels.find((c) => c.id === id);
export const channelName = (core: Core, L: Locale, id: string) => (id === WAR_ROOM ? t(L, 'statement.card.warRoom') : (channelOf(core, id)?.name ?? id));

export const waitingRoles = (core: Core, L: Locale, s: Statement) =>
  waitingFor(policyFor(core.playbook.statements, s.audience), s.approvals).map((r) => roleName(core.playbook, r, L)).join(', ');

function textBlocks(L: Locale, body: StatementText): Block[] {
  const blocks: Block[] = [];
  if (body.en) blocks.push({ kind: 'fields', fields: [{ label: t(L, 'statement.lang.en'), value: [body.en] }] });
  if (body['zh-CN']) blocks.push({ kind: 'fields', fields: [{ label: t(L, 'statement.lang.zh'), value: [body['zh-CN']] }] });
  return blocks;
}

export function publicationLine(core: Core, L: Locale, p: Publication): string {
  const channel = channelName(core, L, p.channel);
  if (p.state === 'delivered') return t(L, 'statement.card.delivered', { channel });
  if (p.state === 'refused') return t(L, 'statement.card.refused', { channel, error: p.error ?? '' });
  return p.error ? t(L, 'statement.card.retrying', { channel, error: p.error }) : t(L, 'statement.card.pending', { channel });
}

const button = (L: Locale, what: 'approve' | 'changes' | 'edit' | 'publish' | 'correct', i: Incident, s: Statement, style?: Button['style']): Button => ({
  id: `statement.${what}`, label: t(L, `statement.button.${what}`), value: `${i.key}:${s.id}`, style,
});

/** The card in the war room: status, version, author, text, channels, approvals, publications and what can be done next. */
export function statementCard(core: Core, i: Incident, s: Statement): Card {
  const L = localeOf(i);
  const v = current(s);
  const shown = s.published ? (publishedText(s) ?? v.text) : v.text;
  const blocks: Block[] = [text(t(L, 'statement.card.author', { user: s.author.name, v: v.v, editor: v.by.name }))];
  if (s.rumour) blocks.push(text(t(L, 'statement.card.rumour', { rumour: s.rumour })));
  if (s.supersedes) blocks.push(text(t(L, 'statement.card.supersedes', { id: s.supersedes })));
  blocks.push(...textBlocks(L, shown));
  const channels = (s.channels.length ? s.channels : [WAR_ROOM]).map((c) => channelName(core, L, c)).join(', ');
  blocks.push(text(t(L, 'statement.card.channels', { channels })));
  if (s.approvals.length) blocks.push(text(t(L, 'statement.card.approvals', { list: s.approvals.map((a) => `${a.by.name} (${a.roles.map((r) => roleName(core.playbook, r, L)).join(', ')})`).join(', ') })));
  if (s.status === 'draft' || s.status === 'changes_requested') blocks.push(text(t(L, 'statement.card.waiting', { roles: waitingRoles(core, L, s) })));
  if (s.status === 'changes_requested' && s.changes) blocks.push(text(t(L, 'statement.card.changes', { user: s.changes.by.name, v: s.changes.v, note: s.changes.note })));
  if (s.published) {
    blocks.push(text(t(L, 'statement.card.published', { v: s.published.v, user: s.published.by.name }), ' ', { time: s.published.at, style: 'full' }));
    for (const p of s.publications) blocks.push(text(publicationLine(core, L, p)));
  }
  if (s.supersededBy) blocks.push(text(t(L, 'statement.card.supersededBy', { id: s.supersededBy })));
  const buttons: Button[] =
    s.status === 'draft' || s.status === 'changes_requested'
      ? [button(L, 'approve', i, s, 'primary'), button(L, 'changes', i, s), button(L, 'edit', i, s)]
      : s.status === 'approved'
        ? [button(L, 'publish', i, s, 'primary'), button(L, 'edit', i, s)]
        : s.status === 'published'
          ? [button(L, 'correct', i, s)]
          : [];
  if (buttons.length) blocks.push({ kind: 'actions', buttons });
  const title = t(L, 'statement.card.title', { id: s.id, v: v.v, kind: kindLabel(L, s), audience: audienceLabel(L, s), status: statusLabel(L, s) });
  return card(title, blocks, s.status === 'published' ? 'success' : s.status === 'changes_requested' ? 'warning' : 'info');
}

/** The DM to an approver a draft waits for. */
export function approverDm(i: Incident, s: Statement, v: number, room: RoomLink): Card {
  const L = localeOf(i);
  return card(t(L, 'statement.dm.title', { id: s.id, key: i.key }), [
    text(t(L, 'statement.dm.body', { kind: kindLabel(L, s), audience: audienceLabel(L, s), v, user: s.author.name }), ' ', { room }),
    ...textBlocks(L, s.versions.find((x) => x.v === v)?.text ?? current(s).text),
  ]);
}

/**
 * What an announcement channel shows: the approved text in each language under its kind, nothing
 * else — not the incident's internal title or key: only what was approved goes out.
 */
export function publicCard(i: Incident, s: Statement): Card {
  const L = localeOf(i);
  const body = publishedText(s) ?? {};
  const blocks: Block[] = [];
  if (body.en) blocks.push(text(body.en));
  if (body['zh-CN']) blocks.push(text(body['zh-CN']));
  return card(kindLabel(L, s), blocks);
}

export function statementsList(core: Core, i: Incident, L: Locale): Card {
  const list = i.statements ?? [];
  if (!list.length) return card(t(L, 'statement.list.title', { key: i.key }), [text(t(L, 'statement.list.none', { key: i.key }))]);
  const blocks: Block[] = [];
  for (const s of list) {
    blocks.push(text(t(L, 'statement.list.line', { id: s.id, v: current(s).v, kind: kindLabel(L, s), audience: audienceLabel(L, s), status: statusLabel(L, s) })));
    blocks.push(text('  ', t(L, 'statement.list.versions', { versions: s.versions.map((v) => `v${v.v} ${v.by.name}`).join(', ') })));
    for (const p of s.publications) blocks.push(text('  ', publicationLine(core, L, p)));
  }
  return card(t(L, 'statement.list.title', { key: i.key }), blocks);
}

export const isStatementEvent = (type: string) => type.startsWith('statement.') || type === 'rumour.recorded';

export function describeStatementEvent(core: Core, e: ChainedEvent, L: Locale): string {
  const d = e.data as Record<string, unknown>;
  if (e.type === 'rumour.recorded') return t(L, 'timeline.rumour.recorded', { id: String(d.id), actor: e.actor, what: String(d.what ?? '') });
  const kind = d.kind ? kindLabel(L, { kind: d.kind as Statement['kind'] }) : '';
  const audience = d.audience ? audienceLabel(L, { audience: d.audience as Statement['audience'] }) : '';
  const channels = Array.isArray(d.channels) ? d.channels.map((c) => channelName(core, L, String(c))).join(', ') : '';
  const channel = d.channel ? channelName(core, L, String(d.channel)) : '';
  const key = `timeline.${e.type}` as 'timeline.statement.drafted';
  return t(L, key, { id: String(d.id), v: String(d.v ?? ''), actor: e.actor, kind, audience, channels, channel, note: String(d.note ?? ''), error: String(d.error ?? '') });
}
