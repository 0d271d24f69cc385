import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';

/** Timeline lines for the report's events (deliveries.ts, final.ts). */
const EVENTS = new Set(['report.finalised', 'report.posted', 'report.upload.refused']);
export const isReportEvent = (type: string) => EVENTS.has(type);

export function describeReportEvent(e: { type: string; actor: string; data?: Record<string, unknown> }, L: Locale): string {
  const d = e.data ?? {};
  const sha = String(d.sha256 ?? '');
  if (e.type === 'report.finalised') return t(L, 'upload.event.finalised', { actor: e.actor, sha });
  if (e.type === 'report.posted') return t(L, 'upload.event.posted', { file: String(d.file ?? ''), sha });
  return t(L, 'upload.event.refused', { error: String(d.error ?? d.code ?? '') });
}
