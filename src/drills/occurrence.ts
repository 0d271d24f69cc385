import { createTask, parse } from 'node-cron';

/**
 * The next time a drill schedule's cron expression falls due after `after`, read in `zone`, or
 * undefined when none does within `withinMs`. Pure in the clock (node-cron's own next-run methods
 * read the wall clock, so they cannot run on a test clock): the candidates are the expression's
 * hours and minutes on each day from `after`'s, turned into instants in the zone, and node-cron's
 * matcher decides each (day of month, month, weekday, `L`, `#`, and their combination).
 */
export function nextOccurrence(expression: string, zone: string, after: Date, withinMs: number): Date | undefined {
  const fields = parse(expression);
  const task = createTask(expression, () => undefined, { timezone: zone, name: `drill-occurrence-${expression}` });
  try {
    const end = after.getTime() + withinMs;
    const minutes = fields.hour.flatMap((h) => fields.minute.map((m) => h * 60 + m)).sort((a, b) => a - b);
    // Day by day in the zone's calendar: a day is the zone's date at `after`, then each next one.
    const start = wallDate(after, zone);
    for (let d = 0; ; d++) {
      const day = new Date(Date.UTC(start.y, start.m - 1, start.d + d));
      const first = instantAt(day, minutes[0]!, zone);
      if (first.getTime() > end) return undefined;
      // The day's first candidate has an hour and minute of the expression: if it does not match,
      // the day, month or weekday does not, and no other minute of the day will.
      if (!task.match(first)) continue;
      for (const min of minutes) {
        const at = instantAt(day, min, zone);
        if (at.getTime() <= after.getTime()) continue;
        if (at.getTime() > end) return undefined;
        if (task.match(at)) return at;
      }
    }
  } finally {
    void task.destroy();
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (zone: string) => {
  let f = formats.get(zone);
  if (!f) formats.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  return f;
};

function wallDate(at: Date, zone: string): { y: number; m: number; d: number } {
  const p = Object.fromEntries(
    formatOf(zone)
      .formatToParts(at)
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  );
  return { y: p.year!, m: p.month!, d: p.day! };
}

/** The instant the zone's clock shows `minuteOfDay` on `day` (given as a UTC midnight); in a DST gap, the later offset. */
function instantAt(day: Date, minuteOfDay: number, zone: string): Date {
  const wall = day.getTime() + minuteOfDay * 60_000;
  const offset = (t: number) => {
    const p = Object.fromEntries(
      formatOf(zone)
        .formatToParts(new Date(t))
        .filter((x) => x.type !== 'literal')
        .map((x) => [x.type, Number(x.value)]),
    );
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - t;
  };
  const guess = wall - offset(wall);
  return new Date(wall - offset(guess));
}
