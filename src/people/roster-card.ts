import type { Locale } from '../playbook/text.ts';
import type { Person, Playbook, Role } from '../playbook/schema.ts';
import { t } from '../i18n/index.ts';
import { formatInZone } from '../ui/times.ts';
import { card, text, type Block, type Card } from '../ui/card.ts';
import { dutyZone, onDutyNow } from './duty.ts';
import { roleLabel } from './messaging.ts';

/** `/crisis roster [ROLE]`: the monitoring group first, then every role, each holder with their ids and whether they are on duty now. */

const ids = (p: Person) => [p.shell && `shell ${p.shell}`, p.slack && `slack ${p.slack}`, p.discord && `discord ${p.discord}`, p.email].filter(Boolean).join(' · ');
const windows = (p: Person) => (p.on_duty ?? []).map((w) => `${w.days.join(',')} ${w.from}-${w.to}`).join('; ');

function duty(pb: Playbook, p: Person, at: Date, L: Locale): string {
  if (!p.on_duty) return t(L, 'roster.always');
  return `${t(L, onDutyNow(pb, p, at) ? 'roster.onDuty' : 'roster.offDuty')} (${windows(p)})`;
}

function roleBlocks(pb: Playbook, role: Role, at: Date, L: Locale): Block[] {
  const holders = pb.roster.filter((p) => p.roles.includes(role.id));
  const blocks: Block[] = [{ kind: 'heading', text: `${roleLabel(pb, role.id, L)} (${role.id})` }];
  if (!holders.length) return [...blocks, text(t(L, 'roster.nobody'))];
  for (const p of holders) blocks.push({ kind: 'item', text: [`${p.name} (${p.id}) — ${ids(p)} — ${duty(pb, p, at, L)}`] });
  if (!holders.some((p) => onDutyNow(pb, p, at))) blocks.push(text(t(L, 'roster.nobodyOnDuty')));
  return blocks;
}

export function rosterCard(pb: Playbook, L: Locale, at: Date, only?: string): Card {
  const zone = dutyZone(pb);
  const blocks: Block[] = [text(t(L, 'roster.zone', { zone, now: formatInZone(at, zone) }))];
  if (only) {
    const role = pb.roles.find((r) => r.id === only)!;
    return card(t(L, 'roster.titleRole', { role: roleLabel(pb, only, L) }), [...blocks, ...roleBlocks(pb, role, at, L)]);
  }
  const monitoring = pb.roles.filter((r) => r.group === 'monitoring');
  blocks.push({ kind: 'heading', text: t(L, 'roster.group') });
  for (const r of monitoring) blocks.push(...roleBlocks(pb, r, at, L));
  blocks.push({ kind: 'divider' });
  for (const r of pb.roles.filter((x) => x.group !== 'monitoring')) blocks.push(...roleBlocks(pb, r, at, L));
  return card(t(L, 'roster.title'), blocks);
}
