import { PlatformRefusal, type ChatPort, type Platform } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import { t } from '../i18n/index.ts';
import { membersWithRole } from '../incidents/roster.ts';
import { observe } from '../metrics/observe.ts';
import { formatDuration } from '../playbook/duration.ts';
import type { MonitoringChannel, SignalRule } from '../playbook/signals.ts';
import { loc, type Locale } from '../playbook/text.ts';
import { readWarning, recordWarningCard, type Warning } from '../store/signals.ts';
import { card, text, type Block, type Card, type Inline, type RoomLink } from '../ui/card.ts';
import { sparkline } from './rules.ts';

/**
 * The warning card in the monitoring channel, and the outbox effects that post, redraw and close
 * it. A card is drawn from the warning as it is at delivery, so a redraw that waited behind
 * another shows the latest trend, and one overtaken by a later redraw is skipped.
 */

export type WarningEffect =
  | { kind: 'post-warning'; warning: string; generation: number }
  | { kind: 'refresh-warning'; warning: string; generation: number; n: number }
  | { kind: 'close-warning'; warning: string; generation: number };

export const WARNING_EFFECTS: ReadonlySet<string> = new Set(['post-warning', 'refresh-warning', 'close-warning']);
export const isWarningEffect = (e: { kind: string }): e is WarningEffect => WARNING_EFFECTS.has(e.kind);

export const monitoringChannel = (core: Core, platform: Platform): MonitoringChannel | undefined =>
  core.playbook.signals?.monitoring.find((m) => m.platform === platform);

const roomOf = (m: MonitoringChannel): RoomLink => ({ id: m.channel, name: m.name ?? m.channel });

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));

function thresholdText(rule: SignalRule, L: Locale): string {
  const below = rule.direction === 'below';
  if (rule.action === 'raise' && rule.raise_threshold !== undefined) {
    return t(L, below ? 'signals.card.thresholdBelow' : 'signals.card.thresholdAbove', { threshold: num(rule.threshold), raise: num(rule.raise_threshold) });
  }
  return t(L, below ? 'signals.card.thresholdOnlyBelow' : 'signals.card.thresholdOnlyAbove', { threshold: num(rule.threshold) });
}

/** The card: the signal, its trend over the window, who it is for (only when the rule names a role) and Raise incident. */
export function warningCard(core: Core, w: Warning, rule: SignalRule, platform: Platform, L: Locale): Card {
  const name = loc(rule.name, L);
  const latest = w.points.at(-1);
  const values = w.points.map((p) => p.value);
  const blocks: Block[] = [];
  blocks.push({
    kind: 'fields',
    fields: [
      { label: t(L, 'signals.card.value'), value: [latest ? `${num(latest.value)} (${rule.metric})` : '—'] },
      { label: t(L, 'signals.card.threshold'), value: [thresholdText(rule, L)] },
      { label: t(L, 'signals.card.subject'), value: [latest?.subject || w.dedupKey] },
      { label: t(L, 'signals.card.source'), value: [latest?.source ?? '—'] },
    ],
  });
  if (values.length) {
    blocks.push(
      text(t(L, 'signals.card.trend', { window: formatDuration(rule.window), n: values.length, spark: sparkline(values), first: num(values[0]!), last: num(values.at(-1)!), peak: num(rule.direction === 'below' ? Math.min(...values) : Math.max(...values)) })),
    );
  }
  if (latest?.link) blocks.push(text(t(L, 'signals.card.link', { link: latest.link })));
  const plan = core.playbook.plans.find((p) => p.id === rule.plan);
  if (plan) blocks.push(text(t(L, 'signals.card.plan', { plan: loc(plan.title, L) })));
  const raised = w.raised?.find((r) => r.generation === w.generation);
  if (raised) blocks.push(text(t(L, 'signals.card.raised', { key: raised.incident, mode: t(L, rule.mode === 'real' ? 'signals.mode.real' : 'signals.mode.drill') })));
  // Nobody is mentioned unless the rule names a role (issue 18: a warning pings no one by default).
  if (rule.notify && w.open) {
    const people = membersWithRole(core.playbook, rule.notify, platform);
    if (people.length) blocks.push(text(t(L, 'signals.card.notify'), ...people.flatMap((p, i): Inline[] => (i ? [', ', { user: p.id, name: p.name }] : [{ user: p.id, name: p.name }]))));
  }
  if (!w.open) {
    blocks.push(text(t(L, 'signals.card.closed', { window: formatDuration(rule.window) })));
    return card(t(L, 'signals.card.closedTitle', { rule: name }), blocks, 'success');
  }
  if (!raised) blocks.push({ kind: 'actions', buttons: [{ id: 'warning.raise', label: t(L, 'signals.button.raise'), value: w._id, style: 'primary' }] });
  return card(t(L, 'signals.card.title', { rule: name }), blocks, 'warning');
}

/**
 * Delivers one warning effect on `port`'s platform. A refusal (channel gone, bot not in it) is
 * logged and counted, not retried: the warning stays recorded and the next one tries again.
 */
export async function deliverWarning(core: Core, port: ChatPort, effect: WarningEffect, entry: { id: string; retry: boolean }): Promise<void> {
  const w = await readWarning(core.db, effect.warning);
  const rule = core.playbook.signals?.rules.find((r) => r.id === w?.rule);
  const channel = monitoringChannel(core, port.platform);
  // A later episode of the same warning has its own effects; a rule or channel since removed, none.
  if (!w || !rule || !channel || w.generation !== effect.generation) return;
  const own = w.cards[port.platform];
  const draw = () => warningCard(core, w, rule, port.platform, core.locale);
  // One message key per generation and platform, whichever effect posts it: found again, not posted twice.
  const post = async () => {
    const ref = await port.post(roomOf(channel), draw(), { key: `${w._id}:g${w.generation}:card:${port.platform}`, retry: entry.retry || effect.kind !== 'post-warning' });
    await recordWarningCard(core.db, w._id, w.generation, port.platform, ref);
  };
  try {
    switch (effect.kind) {
      case 'post-warning':
        if (!own) await post();
        return;
      case 'refresh-warning':
        // Overtaken by a later redraw: that one draws the latest state.
        if (effect.n < w.refreshes) return;
        // No card (its post was lost in a crash, or refused): this redraw posts it.
        if (own) await port.update(own, draw());
        else await post();
        return;
      case 'close-warning':
        if (own) await port.update(own, draw());
        return;
    }
  } catch (err) {
    if (!(err instanceof PlatformRefusal)) throw err;
    observe(core).refused(port.platform, err.code);
    core.log.warn({ warning: w._id, effect: effect.kind, code: err.code, channel: channel.channel }, 'the platform refused a warning card; check the monitoring channel in signals.yml');
  }
}
