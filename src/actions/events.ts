import { t } from '../i18n/index.ts';
import type { Locale } from '../playbook/text.ts';
import { describeRecoveryEvent, isRecoveryEvent } from '../recovery-plan/messaging.ts';

/** Timeline lines of the RCA and the improvement actions. */

const EVENTS = ['rca.recorded', 'action.added', 'action.done'];
export const isActionEvent = (type: string) => EVENTS.includes(type) || isRecoveryEvent(type);

type Line = { id?: string; title?: string; owner?: string; due?: string };

export function describeActionEvent(e: { type: string; actor: string; data?: Record<string, unknown> }, L: Locale): string {
  if (isRecoveryEvent(e.type)) return describeRecoveryEvent(e, L);
  const d = e.data ?? {};
  const lines = (Array.isArray(d.actions) ? (d.actions as Line[]) : []).map((a) => `${a.id} ${a.title} (${a.owner}, ${String(a.due ?? '').slice(0, 10)})`).join('; ');
  switch (e.type) {
    case 'rca.recorded':
      return t(L, 'actions.event.rca', { actor: e.actor, v: String(d.v ?? 1), problem: String(d.problem ?? ''), actions: lines ? ` — ${lines}` : '' });
    case 'action.added':
      return t(L, 'actions.event.added', { actor: e.actor, actions: lines });
    default:
      return t(L, 'actions.event.done', { actor: e.actor, id: String(d.id ?? ''), note: d.note ? `: ${String(d.note)}` : '' });
  }
}
