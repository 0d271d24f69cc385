import { PlatformRefusal } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { NotReady, registerDelivery, type Delivery } from '../outbox/deliveries.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import type { PersonRef } from '../store/records.ts';
import { findFinalReport, findReportFile, storeReportFile } from '../store/reports.ts';
import { appendEvent } from '../store/timeline.ts';
import { card, text, type Card } from '../ui/card.ts';
import { formatInZone } from '../ui/times.ts';
import { reportSummaryCard } from './card.ts';
import { POSTED_FORMAT, reportBytes, reportFileName, roomZone, uploadOf } from './file.ts';
import { sha256 } from './final.ts';
import { buildReport } from './model.ts';

/**
 * How a report reaches the war room: its summary card (headline metrics), then the file. Both are
 * keyed by the outbox entry, so a retry after a crash or an ambiguous failure finds what an earlier
 * attempt posted (ChatPort.upload looks for the file) instead of posting it again. A refusal no
 * retry can fix (too large, a missing scope or permission) is said in the room, with where else
 * the report is, and recorded in the timeline.
 */

const size = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);
// Platform names are the same in both languages but the terminal's, which never refuses a file.
const PLATFORM_NAMES = { shell: 'the terminal', slack: 'Slack', discord: 'Discord' } as const;

function refusedCard(i: Incident, err: PlatformRefusal, bytes: number, final: boolean, platform: keyof typeof PLATFORM_NAMES): Card {
  const L = i.locale as Locale;
  const reason = err.code === 'too_large' ? t(L, 'upload.reason.tooLarge', { size: size(bytes), platform: PLATFORM_NAMES[platform] }) : err.message;
  return card(t(L, 'upload.refused.title', { key: i.key }), [text(t(L, 'upload.refused.body', { reason: `${reason} `, key: i.key, how: final ? '--final' : '--format html' }))], 'warning');
}

/**
 * What the post shows: the final report as stored, or the draft rendered once for this entry and
 * stored under its id, so every attempt uploads (and records the hash of) the same bytes.
 */
async function contents(core: Core, i: Incident, final: boolean, entry: string, by: PersonRef) {
  if (!final) {
    const earlier = await findReportFile(core.db, entry);
    if (earlier) return { model: await buildReport({ ...core, now: () => earlier.at }, i.key), bytes: earlier.bytes };
    const model = await buildReport(core, i.key);
    const bytes = await reportBytes(core, model);
    const stored = await storeReportFile(core.db, { _id: entry, incidentKey: i.key, final: false, format: POSTED_FORMAT, name: reportFileName(i.key, false), bytes, sha256: sha256(bytes), by, at: model.generatedAt });
    return { model, bytes: stored.bytes };
  }
  const stored = await findFinalReport(core.db, i.key);
  // Enqueued by the finalisation after the report was stored: absent only while it is being written.
  if (!stored) throw new NotReady(`${i.key}: the final report is not stored yet`);
  const model = await buildReport({ ...core, now: () => stored.at }, i.key);
  return { model, bytes: stored.bytes, stored };
}

registerDelivery('post-report', async ({ core, incident, port, once, room }: Delivery, effect) => {
  const war = room();
  const L = incident.locale as Locale;
  const zone = roomZone(core);
  const { key, retry } = once('file');
  const entry = key!.slice(0, -'#file'.length);
  const { model, bytes, stored } = await contents(core, incident, effect.final, entry, effect.by);
  const file = uploadOf(incident, effect.final, bytes);
  const final = stored ? { sha: stored.sha256, at: formatInZone(stored.at, zone), by: stored.by.name } : undefined;
  await port.post(war, reportSummaryCard(model, { core, locale: L, zone }, { posted: { file: file.name, final } }), once('card'));
  try {
    const ref = await port.upload(war, file, { key: key!, retry });
    await appendEvent(core.db, incident.key, { type: 'report.posted', actor: 'crisis-bot', data: { file: file.name, sha256: sha256(bytes), final: effect.final, message: ref.id } }, { once: `report.posted:${entry}`, lookBack: 50 });
  } catch (err) {
    if (!(err instanceof PlatformRefusal)) throw err;
    await port.post(war, refusedCard(incident, err, bytes.length, effect.final, port.platform), once('refused'));
    await appendEvent(core.db, incident.key, { type: 'report.upload.refused', actor: 'crisis-bot', data: { file: file.name, code: err.code, error: err.message } }, { once: `report.refused:${entry}`, lookBack: 50 });
  }
});
