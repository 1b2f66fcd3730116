import { z } from 'zod';
import { amountSchema, currencySchema, signedAmountSchema } from '../money';
import { idSchema, instantSchema } from '../schemas/common';
import { paymentSchema } from '../schemas/payment';
import { defineSection } from './define';

/** One coming run of a scheduled payment and the balance the forecast leaves after it. */
export const forecastRunSchema = z
  .object({
    paymentId: idSchema,
    at: instantSchema,
    amount: amountSchema,
    currency: currencySchema,
    /** The balance in this currency once this and every earlier run has gone; may be negative. */
    balanceAfter: signedAmountSchema,
  })
  .strict();
export type ForecastRun = z.infer<typeof forecastRunSchema>;

/** How much of one active schedule the forecast counted and listed. */
export const forecastCoverageSchema = z
  .object({
    paymentId: idSchema,
    /** Its runs counted until the horizon (or `countedUntil`). */
    runs: z.number().int().min(0),
    /** How many of them `runs` lists: at most `perSchedule`, the soonest. */
    listed: z.number().int().min(0),
    /**
     * Set when the schedule runs more often than the forecast counts: its last counted
     * run. Balances after it leave its later runs out, so they are the most that could be
     * left. Null when every run until the horizon is counted.
     */
    countedUntil: instantSchema.nullable(),
  })
  .strict();
export type ForecastCoverage = z.infer<typeof forecastCoverageSchema>;

export const upcomingSchema = z
  .object({
    userId: idSchema,
    /** The forecast covers runs from now until `until`. */
    until: instantSchema,
    /** The balances the forecast starts from, per currency. */
    balances: z.array(z.object({ currency: currencySchema, amount: amountSchema }).strict()),
    /**
     * The first `limit` schedules that may still run: scheduled (paused ones too, so they
     * can be resumed) and those holding missed runs. Missed first, then soonest next run.
     */
    schedules: z.array(paymentSchema),
    /** How many schedules may still run in all, listed or not. */
    scheduleCount: z.number().int().min(0),
    /**
     * The soonest runs of each listed schedule until `until` (at most `perSchedule` each),
     * soonest first, with the balance after each. Balances count every run of every
     * schedule, listed or not.
     */
    runs: z.array(forecastRunSchema),
    /** Per listed active schedule, what was counted and listed; see `countedUntil` for a cut. */
    coverage: z.array(forecastCoverageSchema),
    /** Per currency, the counted run (listed or not) after which the balance is lowest. */
    lowest: z.array(forecastRunSchema),
  })
  .strict();
export type Upcoming = z.infer<typeof upcomingSchema>;

/** How far ahead the Upcoming view forecasts unless asked otherwise. */
export const UPCOMING_DAYS = 35;

export const upcomingSection = defineSection({
  /** The Upcoming view: schedules, their next runs, and the balance forecast after each. */
  'upcoming:list': {
    description: 'List scheduled payments and their coming runs with the balance after each.',
    input: z
      .object({
        userId: idSchema.optional(),
        /** How far ahead to forecast. */
        days: z.coerce.number().int().min(1).max(366).default(UPCOMING_DAYS),
        /**
         * List at most this many runs per schedule, so a fast schedule can't crowd out the
         * rest; balances count the runs left out too.
         */
        perSchedule: z.coerce.number().int().min(1).max(50).default(5),
        /**
         * List at most this many schedules (the rest are counted in `scheduleCount` and in
         * every balance), so a ledger of thousands of schedules stays a small answer.
         */
        limit: z.coerce.number().int().min(1).max(1000).default(50),
      })
      .strict(),
    output: upcomingSchema,
    rest: { method: 'GET', path: '/v1/upcoming' },
  },
});
