import type { UploadFile } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/incidents.ts';
import { serverZone } from '../ui/times.ts';
import type { ReportModel } from './model.ts';
import { renderReport } from './render.ts';

/**
 * The report as the file posted in the war room: HTML, in both languages. HTML because it is one
 * self-contained file any browser opens, chart included, and it carries Chinese text — the PDF's
 * font has no CJK glyphs (pdf.ts), so a zh-CN incident would get an English PDF. Written in the
 * incident's language and the playbook's time zone: a room has many readers, and one record.
 */
export const POSTED_FORMAT = 'html' as const;

export const roomZone = (core: Core) => core.playbook.timezone ?? serverZone();

export const reportFileName = (key: string, final: boolean) => `report-${key}-${final ? 'final' : 'draft'}.${POSTED_FORMAT}`;

export function reportTitle(i: Pick<Incident, 'key' | 'drill' | 'locale'>, final: boolean): string {
  const L = i.locale as Locale;
  const title = t(L, final ? 'upload.file.final' : 'upload.file.draft', { key: i.key });
  // A drill's file says so in its title: the bytes are not a card, so the drill port cannot mark them.
  return i.drill ? `${t(L, 'drill.prefix')} ${title}` : title;
}

/** Renders the report's bytes for the room. */
export async function reportBytes(core: Core, m: ReportModel): Promise<Buffer> {
  const body = await renderReport(m, { core, locale: m.incident.locale as Locale, zone: roomZone(core) }, POSTED_FORMAT);
  return Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
}

export const uploadOf = (i: Incident, final: boolean, bytes: Buffer): UploadFile => ({ name: reportFileName(i.key, final), bytes, title: reportTitle(i, final) });
