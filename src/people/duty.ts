import { WEEKDAYS, type DutyWindow, type Weekday } from '../playbook/people.ts';
import type { Person, Playbook } from '../playbook/schema.ts';
import { serverZone } from '../ui/times.ts';

/**
 * Who is on duty (roster.yml `on_duty`), read in the playbook's time zone: one rule for the
 * roster command, the raise's invitation order and `crisis-bot check`'s coverage warning.
 */

export const dutyZone = (pb: Pick<Playbook, 'timezone'>): string => pb.timezone ?? serverZone();

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** The weekday and minute of the day of `at` in `zone`. */
export function weekMinute(at: Date, zone: string): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase().slice(0, 3) as Weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether a window covers that weekday and minute (a window past midnight covers the next day's early hours). */
export function windowCovers(w: DutyWindow, day: Weekday, minute: number): boolean {
  const from = minutes(w.from);
  const to = minutes(w.to);
  if (from < to) return w.days.includes(day) && minute >= from && minute < to;
  const before = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  return (w.days.includes(day) && minute >= from) || (w.days.includes(before) && minute < to);
}

/** On duty at that weekday and minute; someone without windows is on call at any hour. */
export const onDutyAt = (p: Person, day: Weekday, minute: number): boolean => !p.on_duty || p.on_duty.some((w) => windowCovers(w, day, minute));

export const onDutyNow = (pb: Playbook, p: Person, at: Date): boolean => {
  const { day, minute } = weekMinute(at, dutyZone(pb));
  return onDutyAt(p, day, minute);
};

/** The people holding a role, those on duty at `at` first (the order is otherwise the roster's). */
export function holdersByDuty(pb: Playbook, role: string, at: Date): Person[] {
  const holders = pb.roster.filter((p) => p.roles.includes(role));
  return [...holders.filter((p) => onDutyNow(pb, p, at)), ...holders.filter((p) => !onDutyNow(pb, p, at))];
}

export type DutyGap = { role: string; day: Weekday; from: number; to: number };

/** Each stretch of whole hours in the week when a role's holders are all off duty. */
export function dutyGaps(pb: Playbook): DutyGap[] {
  const roles = [...new Set(pb.roster.flatMap((p) => p.roles))];
  return roles.flatMap((role) => {
    const holders = pb.roster.filter((p) => p.roles.includes(role));
    const gaps: DutyGap[] = [];
    for (const day of WEEKDAYS) {
      for (let h = 0; h < 24; h++) {
        if (holders.some((p) => onDutyAt(p, day, h * 60))) continue;
        const last = gaps.at(-1);
        if (last && last.day === day && last.to === h) last.to = h + 1;
        else gaps.push({ role, day, from: h, to: h + 1 });
      }
    }
    return gaps;
  });
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
export const formatGap = (g: DutyGap) => `${g.day} ${hh(g.from)}-${hh(g.to)}`;
