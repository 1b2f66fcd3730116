import { z } from 'zod';
import { currencySchema, positiveAmountSchema } from '../money';
import { idSchema } from './common';
import { scheduleSchema } from './schedule';

/** Why a payment intent can't run exactly as stated; the agent asks instead of guessing. */
export const intentProblemSchema = z.enum([
  'missing_amount',
  'invalid_amount',
  'ambiguous_amount',
  /** "about 50", "300 or so": never an amount, so it asks how much exactly. */
  'vague_amount',
  'missing_recipient',
  'unknown_recipient',
  'ambiguous_recipient',
  'unsupported_currency',
  'invalid_schedule',
  /** Words nothing in the parser explains: they may change the payment, so it asks. */
  'unrecognized_words',
  /** Text aimed at ArcFlux itself ("ignore the above", "no confirmation needed") or a pasted dialogue. */
  'hostile_text',
]);
export type IntentProblem = z.infer<typeof intentProblemSchema>;

export const recipientReferenceSchema = z
  .object({
    /** The words the user used, kept for the follow-up question. */
    text: z.string(),
    userId: idSchema.nullable(),
    candidates: z.array(idSchema).optional(),
  })
  .strict();

/**
 * A close match for a word ArcFlux didn't understand ("tommorow" -> "tomorrow", "alise" ->
 * "Alice Chen"), offered as a question and never applied on its own.
 */
export const wordSuggestionSchema = z
  .object({
    /** The word as the user wrote it. */
    word: z.string().min(1),
    /** What to put in its place if the user agrees. */
    replacement: z.string().min(1),
  })
  .strict();
export type WordSuggestion = z.infer<typeof wordSuggestionSchema>;

/** A part of a payment two readings can differ on. */
export const readingFieldSchema = z.enum(['recipient', 'amount', 'currency', 'schedule']);
export type ReadingField = z.infer<typeof readingFieldSchema>;

/**
 * How a local language model took part in understanding a payment, for the Guardian's
 * rules (which never look at the model itself): `model_only` when only the model
 * understood the command, `disagree` when the rules and the model read it differently
 * (the rules' reading is the one kept), `agree` when both read the same payment.
 */
export const modelReadingSchema = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('model_only'), model: z.string() }).strict(),
  z.object({ verdict: z.literal('agree'), model: z.string() }).strict(),
  z
    .object({
      verdict: z.literal('disagree'),
      model: z.string(),
      fields: z.array(readingFieldSchema).min(1),
    })
    .strict(),
]);
export type ModelReading = z.infer<typeof modelReadingSchema>;

export const paymentIntentSchema = z
  .object({
    kind: z.literal('payment'),
    amount: positiveAmountSchema.nullable(),
    currency: currencySchema.nullable(),
    recipient: recipientReferenceSchema,
    schedule: scheduleSchema,
    memo: z.string().max(140).optional(),
    problems: z.array(intentProblemSchema),
    /** With `unrecognized_words`: the words nothing explained, as written, in order. */
    unrecognized: z.array(z.string().min(1)).min(1).optional(),
    /** Close matches for unrecognized words or an unknown recipient, for the question. */
    suggestions: z.array(wordSuggestionSchema).min(1).optional(),
    /** Set when a local model took part; absent when the rules alone understood it. */
    modelReading: modelReadingSchema.optional(),
  })
  .strict();

/**
 * `worth`: one currency's balance in the other ("what's my EURC worth in dollars");
 * `total`: every balance added up in one currency ("total balance"). Both are estimates
 * at a reference rate; payments and the Guardian's limits never add currencies up.
 */
export const queryTopicSchema = z.enum([
  'balance',
  'upcoming',
  'history',
  'status',
  'risk',
  'worth',
  'total',
]);

/** Named periods a question may be about, relative to now in the user's time zone. */
export const QUERY_PERIOD_LABELS = [
  'today',
  'yesterday',
  'tomorrow',
  'this_week',
  'last_week',
  'next_week',
  'this_month',
  'last_month',
  'next_month',
  'this_year',
  'last_year',
] as const;

/** A named period, a calendar month "2026-10" or a year "2025". */
export const queryPeriodSchema = z
  .string()
  .regex(
    new RegExp(`^(?:${QUERY_PERIOD_LABELS.join('|')}|\\d{4}(?:-(?:0[1-9]|1[0-2]))?)$`),
    'must be a period such as "last_month", "2026-10" or "2025"',
  );

export const queryIntentSchema = z
  .object({
    kind: z.literal('query'),
    topic: queryTopicSchema,
    recipient: recipientReferenceSchema.optional(),
    currency: currencySchema.optional(),
    /** For `worth` and `total`: the currency to express the value in ("in dollars"). */
    target: currencySchema.optional(),
    period: queryPeriodSchema.optional(),
  })
  .strict();

export const cancelIntentSchema = z
  .object({
    kind: z.literal('cancel'),
    recipient: recipientReferenceSchema.optional(),
    /** "all" cancels every scheduled payment of the acting user. */
    target: z.enum(['one', 'all']).optional(),
  })
  .strict();

/**
 * "pause my payments to Bob", "resume payments to Bob", "skip the next payment to Alice":
 * the Upcoming panel's buttons, said. Cancelling keeps its own intent.
 */
export const manageIntentSchema = z
  .object({
    kind: z.literal('manage'),
    action: z.enum(['pause', 'resume', 'skip']),
    recipient: recipientReferenceSchema.optional(),
  })
  .strict();

export const intentSchema = z.discriminatedUnion('kind', [
  paymentIntentSchema,
  queryIntentSchema,
  cancelIntentSchema,
  manageIntentSchema,
  z.object({ kind: z.literal('confirm') }).strict(),
  z.object({ kind: z.literal('deny') }).strict(),
  z.object({ kind: z.literal('unknown'), reason: z.string() }).strict(),
]);
export type Intent = z.infer<typeof intentSchema>;
export type PaymentIntent = z.infer<typeof paymentIntentSchema>;
