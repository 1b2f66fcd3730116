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

export const upcomingSchema = z
  .object({
    userId: idSchema,
    /** The forecast covers runs from now until `until`. */
    until: instantSchema,
    /** The balances the forecast starts from, per currency. */
    balances: z.array(z.object({ currency: currencySchema, amount: amountSchema }).strict()),
    /**
     * Every schedule that may still run: scheduled (paused ones too, so they can be
     * resumed) and those holding missed runs. Soonest next run first.
     */
    schedules: z.array(paymentSchema),
    /** Runs of the active schedules until `until`, soonest first, with the balance after each. */
    runs: z.array(forecastRunSchema),
  })
  .strict();
export type Upcoming = z.infer<typeof upcomingSchema>;

export const upcomingSection = defineSection({
  /** The Upcoming view: schedules, their next runs, and the balance forecast after each. */
  'upcoming:list': {
    description: 'List scheduled payments and their coming runs with the balance after each.',
    input: z
      .object({
        userId: idSchema.optional(),
        /** How far ahead to forecast. */
        days: z.coerce.number().int().min(1).max(366).default(35),
        /** At most this many runs per schedule, so a fast schedule can't crowd out the rest. */
        perSchedule: z.coerce.number().int().min(1).max(50).default(5),
      })
      .strict(),
    output: upcomingSchema,
    rest: { method: 'GET', path: '/v1/upcoming' },
  },
});
