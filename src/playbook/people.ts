import { z } from 'zod';

/**
 * roster.yml `on_duty`: when a person is on duty, as weekly windows in the playbook's time zone
 * (levels.yml `timezone`, else the server's). A person without windows is on call at any hour.
 * A window whose `to` is not after its `from` runs past midnight into the next day.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: (iss) => `'${String(iss.input)}' is not a time of day; write HH:MM like 08:00 or 18:30` });

export const DutyWindowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('weekdays, e.g. [mon, tue, wed, thu, fri]'),
  from: clock.describe('a time of day like 08:00'),
  to: clock.describe('a time of day like 18:00 (before from: runs past midnight)'),
});
export const OnDutySchema = z.array(DutyWindowSchema).min(1).describe('weekly windows, e.g. [{ days: [mon, tue], from: 08:00, to: 18:00 }]');
export type DutyWindow = z.infer<typeof DutyWindowSchema>;
