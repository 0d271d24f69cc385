import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import type { Incident } from '../store/records.ts';
import { text, type Block } from '../ui/card.ts';

/** The summary card's line for a held incident: responders see that its record must stay whole. */
export const holdSummary = (i: Incident, locale: Locale): Block[] => (i.legalHold ? [text(t(locale, 'evidence.summary.hold'))] : []);

const EVENT_KEYS = { 'legal.hold.set': 'evidence.event.set', 'legal.hold.cleared': 'evidence.event.cleared' } as const;

export const isHoldEvent = (type: string): type is keyof typeof EVENT_KEYS => type in EVENT_KEYS;

/** A timeline line for a hold being set or cleared, with who and why. */
export function describeHoldEvent(e: { type: string; actor: string; data?: Record<string, unknown> }, locale: Locale): string {
  return t(locale, EVENT_KEYS[e.type as keyof typeof EVENT_KEYS], { actor: e.actor, reason: String(e.data?.reason ?? '') });
}
