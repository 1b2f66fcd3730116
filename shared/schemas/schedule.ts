import { z } from 'zod';
import { instantSchema, timezoneSchema } from './common';

/** Runs once: at `runAt`, or as soon as approved when `runAt` is null. */
export const onceScheduleSchema = z
  .object({ kind: z.literal('once'), runAt: instantSchema.nullable() })
  .strict();

/** An RFC 5545 RRULE interpreted in the user's IANA time zone, anchored at `firstRun`. */
export const recurringScheduleSchema = z
  .object({
    kind: z.literal('recurring'),
    rrule: z
      .string()
      .regex(/^FREQ=[A-Z]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$/, 'must be an RFC 5545 RRULE body'),
    firstRun: instantSchema,
    timezone: timezoneSchema,
  })
  .strict();

export const scheduleSchema = z.discriminatedUnion('kind', [
  onceScheduleSchema,
  recurringScheduleSchema,
]);
export type Schedule = z.infer<typeof scheduleSchema>;
