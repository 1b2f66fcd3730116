import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';
import { combinedBalanceSchema } from './market';
import { executionStatusSchema } from './execution';
import { paymentStatusSchema } from './payment';
import { modelNarrativeSchema } from './narrative';
import { riskOutcomeSchema, riskRuleResultSchema } from './risk';

/**
 * The facts behind an assistant's answer, as data the UI can render without reading
 * the sentence. A model that later phrases the answer may only restate these facts.
 */
export const paymentSummarySchema = z
  .object({
    id: idSchema,
    recipientId: idSchema,
    recipientName: z.string(),
    amount: amountSchema,
    currency: currencySchema,
    status: paymentStatusSchema,
    recurring: z.boolean(),
    createdAt: instantSchema,
    nextRunAt: instantSchema.nullable(),
  })
  .strict();
export type PaymentSummary = z.infer<typeof paymentSummarySchema>;

const totalSchema = z.object({ currency: currencySchema, amount: amountSchema }).strict();

/** The filter a question applied, so the UI can show and widen it. */
export const factFilterSchema = z
  .object({
    recipientId: idSchema.optional(),
    currency: currencySchema.optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
  })
  .strict();

export const queryFactsSchema = z.discriminatedUnion('topic', [
  z
    .object({
      topic: z.literal('balance'),
      userId: idSchema,
      balances: z.array(totalSchema.extend({ updatedAt: instantSchema })),
    })
    .strict(),
  z
    .object({
      topic: z.literal('upcoming'),
      filter: factFilterSchema,
      occurrences: z.array(
        z
          .object({
            paymentId: idSchema,
            recipientId: idSchema,
            recipientName: z.string(),
            amount: amountSchema,
            currency: currencySchema,
            runAt: instantSchema,
            recurring: z.boolean(),
          })
          .strict(),
      ),
    })
    .strict(),
  z
    .object({
      topic: z.literal('history'),
      filter: factFilterSchema,
      /** Payments matching the filter, newest first; `total` counts all of them. */
      payments: z.array(paymentSummarySchema),
      total: z.number().int().min(0),
      /** Money that actually moved in the period, per currency. */
      paid: z.array(totalSchema),
    })
    .strict(),
  z
    .object({
      topic: z.literal('status'),
      filter: factFilterSchema,
      payment: paymentSummarySchema.nullable(),
      lastExecution: z
        .object({
          status: executionStatusSchema,
          occurrenceAt: instantSchema,
          finishedAt: instantSchema.nullable(),
          error: z.string().nullable(),
        })
        .strict()
        .nullable(),
    })
    .strict(),
  z
    .object({
      topic: z.literal('risk'),
      filter: factFilterSchema,
      flags: z.array(
        z
          .object({
            payment: paymentSummarySchema,
            outcome: riskOutcomeSchema.nullable(),
            score: z.number().min(0).max(1).nullable(),
            /** The rules that raised a warning or worse, with their explanations. */
            reasons: z.array(riskRuleResultSchema),
          })
          .strict(),
      ),
    })
    .strict(),
  /** One currency's balance valued in the other, at the reference rate: an estimate. */
  combinedBalanceSchema.extend({ topic: z.literal('worth') }).strict(),
  /** Every balance added up in one currency, at the reference rate: an estimate. */
  combinedBalanceSchema.extend({ topic: z.literal('total') }).strict(),
]);
export type QueryFacts = z.infer<typeof queryFactsSchema>;

/** What the assistant says back, with the facts it said it from. */
export const assistantReplySchema = z
  .object({
    text: z.string(),
    facts: queryFactsSchema.nullable(),
    /** Commands the user could say next, shown as suggestions. */
    examples: z.array(z.string()),
    /** `text` restated by the local model, checked against `facts`; absent without one. */
    narrative: modelNarrativeSchema.optional(),
  })
  .strict();
export type AssistantReply = z.infer<typeof assistantReplySchema>;
