import type { Core } from '../core.ts';
import { lastPublicAt } from '../domain/statements.ts';
import { t } from '../i18n/index.ts';
import { levelName } from '../incidents/messaging.ts';
import { NotReady, registerDelivery } from '../outbox/deliveries.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { policyOf } from '../scheduler/schedule.ts';
import { updateIncident, type Incident } from '../store/incidents.ts';
import { card, text, type Block, type Card } from '../ui/card.ts';

/**
 * The stakeholder digest (incident-bot's digest is the anchor): in the digest channel of the
 * incident's platform (statements.yml `digest`), one message per incident, edited in place as its
 * level, status, last update and next statement due change. Queued by whatever redraws the summary
 * (src/incidents/deliveries.ts) and by a publication, in a lane of its own; drills stay out of it.
 */

const digestChannel = (core: Core, i: Incident) => core.playbook.statements?.digest?.find((d) => d.platform === i.platform && d.workspace === i.workspace);

/** Queues a redraw of the incident's digest message; one per revision of the incident, so repeats add nothing. */
export async function queueDigest(core: Core, incident: Incident): Promise<void> {
  if (incident.drill || !digestChannel(core, incident)) return;
  await enqueue(core, incident, [{ kind: 'digest' }], `rev${incident.rev}`, 'digest');
}

/** When the next public statement is due: first_statement after the raise, then statement_every after the latest. */
export function nextStatementDue(core: Core, i: Incident): Date | undefined {
  const policy = policyOf(core.playbook, i.level);
  const last = lastPublicAt(i.statements ?? []);
  if (!last) return new Date(i.raisedAt.getTime() + policy.firstStatement);
  return policy.statementEvery ? new Date(last.getTime() + policy.statementEvery) : undefined;
}

export function digestCard(core: Core, i: Incident): Card {
  const L = i.locale;
  const closed = i.status === 'closed';
  const fields = [
    { label: t(L, 'digest.level'), value: [levelName(core.playbook, i.level, L)] },
    { label: t(L, 'digest.status'), value: [t(L, `phase.${i.status}` as 'phase.identify')] },
    { label: t(L, 'digest.lastUpdate'), value: i.lastUpdateAt ? [{ time: i.lastUpdateAt, style: 'full' as const }] : [t(L, 'digest.none')] },
  ];
  const due = closed ? undefined : nextStatementDue(core, i);
  if (due) fields.push({ label: t(L, 'digest.nextStatement'), value: [{ time: due, style: 'full' as const }] });
  const blocks: Block[] = [{ kind: 'fields', fields }];
  if (i.room?.id && !closed) blocks.push(text(t(L, 'digest.room'), ' ', { room: { id: i.room.id, name: i.room.name, url: i.room.url ?? undefined } }));
  return card(t(L, 'digest.title', { key: i.key, title: i.title }), blocks, closed ? 'success' : i.level <= 2 ? 'danger' : 'warning');
}

registerDelivery('digest', async ({ core, incident, port, once }) => {
  const channel = digestChannel(core, incident);
  if (!channel) return;
  const ref = incident.digestMessage;
  if (ref?.id) return port.update({ room: ref.room, id: ref.id }, digestCard(core, incident));
  if (!incident.room?.id) throw new NotReady(`${incident.key} has no war room yet`);
  const posted = await port.post({ id: channel.channel, name: channel.name ?? channel.channel }, digestCard(core, incident), once());
  await updateIncident(core.db, incident.key, () => ({ digestMessage: { room: posted.room, id: posted.id } }));
});
