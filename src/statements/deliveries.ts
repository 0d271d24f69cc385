import { PlatformRefusal } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import type { Statement } from '../domain/statements.ts';
import { NotReady, registerDelivery } from '../outbox/deliveries.ts';
import { signedHeaders } from '../security/signature.ts';
import type { Incident } from '../store/incidents.ts';
import { updateIncident } from '../store/incidents.ts';
import { approverDm, channelOf, publicCard, statementCard } from './messaging.ts';
import { rumoursCard } from './rumours.ts';
import { recordPublication, WAR_ROOM } from './service.ts';

/**
 * How statements reach people: the card in the war room (posted once, redrawn in place), an
 * approver's DM, and each publication — an announcement channel on the incident's platform, a
 * signed webhook, or (a drill) the war room. A publication's outcome is recorded on the statement.
 */

const WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT = 200;

function statementOf(incident: Incident, id: string): Statement {
  const s = incident.statements?.find((x) => x.id === id);
  if (!s) throw new NotReady(`statement ${id} of ${incident.key} is not readable yet`);
  return s;
}

registerDelivery('post-statement', async ({ core, incident, port, room, once }, effect) => {
  const s = statementOf(incident, effect.id);
  if (s.card?.id) return;
  const ref = await port.post(room(), statementCard(core, incident, s), once());
  await updateIncident(core.db, incident.key, (cur) => ({ statements: (cur.statements ?? []).map((x) => (x.id === s.id ? { ...x, card: { room: ref.room, id: ref.id } } : x)) }));
});

registerDelivery('refresh-statement', async ({ core, incident, port }, effect) => {
  const s = statementOf(incident, effect.id);
  if (!s.card?.id) throw new NotReady(`the card of ${s.id} of ${incident.key} is not posted yet`);
  await port.update({ room: s.card.room, id: s.card.id }, statementCard(core, incident, s));
});

registerDelivery('statement-dm', async ({ incident, room, dmOrRoom }, effect) => {
  const s = statementOf(incident, effect.id);
  // A later version made this one's request stale: its own DMs ask for it.
  if (s.versions[s.versions.length - 1]!.v !== effect.v || (s.status !== 'draft' && s.status !== 'changes_requested')) return;
  await dmOrRoom(effect.to, approverDm(incident, s, effect.v, room()));
});

registerDelivery('rumours-card', async ({ core, incident, port, room, once }) => {
  const ref = incident.rumourMessage;
  if (ref?.id) return port.update({ room: ref.room, id: ref.id }, rumoursCard(incident));
  const posted = await port.post(room(), rumoursCard(incident), once());
  await updateIncident(core.db, incident.key, () => ({ rumourMessage: { room: posted.room, id: posted.id } }));
});

/** The JSON a webhook receives (README "Statement webhooks"): the approved text, never a later edit. */
export function webhookBody(incident: Incident, s: Statement): string {
  const text = s.versions.find((v) => v.v === s.published!.v)!.text;
  return JSON.stringify({
    incident: incident.key,
    statement: s.id,
    kind: s.kind,
    audience: s.audience,
    text: { en: text.en ?? null, 'zh-CN': text['zh-CN'] ?? null },
    version: s.published!.v,
    published_at: s.published!.at.toISOString(),
    drill: incident.drill,
  });
}

/** One POST, signed as DESIGN.md's endpoint contract says; 2xx delivered, 4xx refused (no retry will help), else retried. */
async function postWebhook(core: Core, incident: Incident, s: Statement, url: string, channel: string): Promise<void> {
  if (!core.webhookSecret) {
    await recordPublication(core, incident.key, s.id, { channel, state: 'refused', at: core.now(), error: 'CRISIS_WEBHOOK_SECRET is not set' });
    throw new PlatformRefusal('webhook_secret_missing', 'CRISIS_WEBHOOK_SECRET is not set; statement webhooks are off');
  }
  const body = webhookBody(incident, s);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signedHeaders(core.webhookSecret, body, new Date()) }, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.name : 'error');
    await recordPublication(core, incident.key, s.id, { channel, state: 'pending', error: String(cause) });
    throw err;
  }
  const excerpt = (await res.text().catch(() => '')).slice(0, EXCERPT);
  if (res.ok) {
    await recordPublication(core, incident.key, s.id, { channel, state: 'delivered', at: core.now(), status: res.status });
    return;
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    await recordPublication(core, incident.key, s.id, { channel, state: 'refused', at: core.now(), status: res.status, error: `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ''}` });
    throw new PlatformRefusal(`http_${res.status}`, `webhook ${channel} answered ${res.status}`);
  }
  await recordPublication(core, incident.key, s.id, { channel, state: 'pending', status: res.status, error: `HTTP ${res.status}` });
  throw new Error(`webhook ${channel} answered ${res.status}`);
}

registerDelivery('publish-statement', async ({ core, incident, port, room, once }, effect) => {
  const s = statementOf(incident, effect.id);
  if (!s.published) throw new NotReady(`statement ${s.id} of ${incident.key} is not published yet`);
  const done = s.publications.find((p) => p.channel === effect.channel);
  if (done && done.state !== 'pending') return;
  if (effect.channel === WAR_ROOM) {
    // A drill's statement (the drill port marks it DRILL), or one with no announcement channel.
    const ref = await port.post(room(), publicCard(incident, s), once());
    await recordPublication(core, incident.key, s.id, { channel: WAR_ROOM, state: 'delivered', at: core.now(), ref: ref.id });
    return;
  }
  const channel = channelOf(core, effect.channel);
  if (!channel) {
    await recordPublication(core, incident.key, s.id, { channel: effect.channel, state: 'refused', at: core.now(), error: 'not in statements.yml any more' });
    throw new PlatformRefusal('unknown_channel', `announcement channel ${effect.channel} is not in statements.yml`);
  }
  if (channel.webhook) return postWebhook(core, incident, s, channel.webhook, channel.id);
  if (channel.platform !== port.platform) {
    await recordPublication(core, incident.key, s.id, { channel: channel.id, state: 'refused', at: core.now(), error: `a ${channel.platform} channel; this incident is on ${port.platform}` });
    throw new PlatformRefusal('other_platform', `announcement channel ${channel.id} is on ${channel.platform}`);
  }
  try {
    const ref = await port.post({ id: channel.channel!, name: channel.name ?? channel.channel! }, publicCard(incident, s), once());
    await recordPublication(core, incident.key, s.id, { channel: channel.id, state: 'delivered', at: core.now(), ref: ref.id });
  } catch (err) {
    if (err instanceof PlatformRefusal) await recordPublication(core, incident.key, s.id, { channel: channel.id, state: 'refused', at: core.now(), error: `${err.code}: ${err.message}` });
    // Anything else is retried (a permission an admin can still grant): pending, with why.
    else await recordPublication(core, incident.key, s.id, { channel: channel.id, state: 'pending', error: err instanceof Error ? err.message.slice(0, EXCERPT) : String(err) });
    throw err;
  }
});
