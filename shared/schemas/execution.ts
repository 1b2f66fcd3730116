import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';

export const executionStatusSchema = z.enum(['started', 'succeeded', 'failed']);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;

/** Why an occurrence failed, for people and for the code that decides what to tell them. */
export const executionFailureSchema = z.enum([
  /** The balance would not cover it: found by the tick's re-check or by the connector. */
  'insufficient_funds',
  /** A daily or monthly limit would be passed. */
  'limit_exceeded',
  /** The connector refused the transfer for good (bad recipient, compliance, ...). */
  'rejected',
  /** The connector kept failing with errors worth retrying until the retries ran out. */
  'unavailable',
]);
export type ExecutionFailure = z.infer<typeof executionFailureSchema>;

/**
 * One attempt of one occurrence. The idempotency key is derived from the payment id and
 * the occurrence time only, so retries and crash recovery never pay twice.
 */
export const executionSchema = z
  .object({
    id: idSchema,
    paymentId: idSchema,
    occurrenceAt: instantSchema,
    idempotencyKey: z.string().min(8).max(128),
    attempt: z.number().int().min(1),
    status: executionStatusSchema,
    amount: amountSchema,
    currency: currencySchema,
    startedAt: instantSchema,
    finishedAt: instantSchema.nullable(),
    transferId: z.string().max(128).nullable(),
    error: z.string().max(500).nullable(),
    /** Set on a failed result; absent on lines written before it existed. */
    failure: executionFailureSchema.optional(),
  })
  .strict();
export type Execution = z.infer<typeof executionSchema>;
