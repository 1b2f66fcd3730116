import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';

/** Where a rate came from: the built-in simulated feed or the ECB's daily reference rates. */
export const marketSourceSchema = z.enum(['simulated', 'ecb']);
export type MarketSource = z.infer<typeof marketSourceSchema>;

/**
 * A rate as a decimal string ("1.0834"): never a float, like money. Positive, with at most
 * 10 decimals (the ECB publishes 4 for USD).
 */
export const exchangeRateSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,5})(\.\d{1,10})?$/, 'must be a decimal rate such as "1.0834"')
  .refine((rate) => /[1-9]/.test(rate), 'must be greater than zero');

/** A calendar date "YYYY-MM-DD": the day the rate is the reference rate for. */
export const rateDateSchema = z.iso.date({ message: 'must be a date such as 2026-12-04' });

/** One reading of the EUR/USD reference rate, as a source gives it. */
export const rateQuoteSchema = z
  .object({
    /** 1 EUR = `rate` USD; EURC and USDC are taken at par with EUR and USD. */
    rate: exchangeRateSchema,
    date: rateDateSchema,
    source: marketSourceSchema,
  })
  .strict();
export type RateQuote = z.infer<typeof rateQuoteSchema>;

/** The rate as the core serves it: the quote, when it was fetched, and how old it is. */
export const marketRateSchema = rateQuoteSchema
  .extend({
    from: z.literal('EURC'),
    to: z.literal('USDC'),
    /** When ArcFlux last received this quote from its source. */
    fetchedAt: instantSchema,
    /** Whole days between the rate's date and today (UTC). */
    ageDays: z.number().int().min(0),
    /** Older than market.staleAfterDays: shown as stale, never silently as current. */
    stale: z.boolean(),
  })
  .strict();
export type MarketRate = z.infer<typeof marketRateSchema>;

/**
 * A user's balances added up in one currency. Only an estimate: the other currency is
 * converted at a reference rate, so `approximate` is always true and the rate travels with
 * it. `total` is null when no rate is known (source down and nothing cached) and a
 * conversion was needed.
 */
export const combinedBalanceSchema = z
  .object({
    userId: idSchema,
    /** The currency of the total: the user's default currency unless asked otherwise. */
    currency: currencySchema,
    total: amountSchema.nullable(),
    approximate: z.literal(true),
    parts: z.array(
      z
        .object({
          currency: currencySchema,
          amount: amountSchema,
          /** `amount` in the total's currency; null when it needed a rate and none is known. */
          converted: amountSchema.nullable(),
        })
        .strict(),
    ),
    rate: marketRateSchema.nullable(),
  })
  .strict();
export type CombinedBalance = z.infer<typeof combinedBalanceSchema>;
