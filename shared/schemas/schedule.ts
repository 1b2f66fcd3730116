import { z } from 'zod';
import { instantSchema, timezoneSchema } from './common';

/** Runs once: at `runAt`, or as soon as approved when `runAt` is null. */
export const onceScheduleSchema = z
  .object({ kind: z.literal('once'), runAt: instantSchema.nullable() })
  .strict();

/**
 * An RFC 5545 RRULE interpreted in the user's IANA time zone, anchored (DTSTART) at the
 * first run's local date and time: `localStart` when given, else `firstRun` read in
 * `timezone`. The two differ only for a first run whose local time was skipped by a
 * daylight-saving change ("every Sunday at 2:30am" said the day before clocks go forward):
 * `firstRun` is then the real instant (03:30) and `localStart` keeps 02:30, so later runs
 * stay at 02:30. Rows stored before the field was added derive it from `firstRun`.
 */
export const recurringScheduleSchema = z
  .object({
    kind: z.literal('recurring'),
    rrule: z
      .string()
      .regex(/^FREQ=[A-Z]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$/, 'must be an RFC 5545 RRULE body'),
    firstRun: instantSchema,
    /** "2027-03-14T02:30:00": the first run on the user's clock, written when `firstRun` can't tell it. */
    localStart: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'must be a local date and time')
      .optional(),
    timezone: timezoneSchema,
  })
  .strict();

export const scheduleSchema = z.discriminatedUnion('kind', [
  onceScheduleSchema,
  recurringScheduleSchema,
]);
export type Schedule = z.infer<typeof scheduleSchema>;
