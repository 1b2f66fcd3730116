import { z } from 'zod';
import { amountSchema, currencySchema } from '../money';
import { idSchema, instantSchema } from './common';

/**
 * `skipped` is an occurrence that was never submitted and never will be: the line makes
 * the occurrence known, so no tick, catch-up or approval can pay it later.
 */
export const executionStatusSchema = z.enum(['started', 'succeeded', 'failed', 'skipped']);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;

/**
 * Whether an execution in this state holds money: paid, or submitted with the outcome
 * not known yet. Spending totals and limits count exactly these.
 */
export function holdsMoney(status: ExecutionStatus): boolean {
  return status === 'started' || status === 'succeeded';
}

/** Why an occurrence was skipped. */
export const skipReasonSchema = z.enum([
  /** The payment's missed-run policy `skip` dropped a run that fell due while ArcFlux was off. */
  'policy',
  /** The user skipped it: the next run, or the missed runs a held payment waited on. */
  'user',
  /** The user confirmed some of a held payment's missed runs, and not this one. */
  'not_chosen',
  /** It fell due while the payment was paused; resuming starts from now. */
  'paused',
]);
export type SkipReason = z.infer<typeof skipReasonSchema>;

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
    /** Set on a skipped line only. */
    skipReason: skipReasonSchema.optional(),
    /**
     * The UUID version of the connector's idempotency key when the run was first
     * submitted: 4, the form Circle requires. Absent on lines written before ArcFlux sent
     * version 4; those runs went out as version 5, and a resubmission keeps that form so
     * Circle recognises it (electron/core/execution/idempotency.ts).
     */
    uuidVersion: z.literal(4).optional(),
  })
  .strict()
  .refine(
    (execution) => (execution.status === 'skipped') === (execution.skipReason !== undefined),
    {
      message: 'a skipped execution says why (skipReason), and only a skipped one does',
      path: ['skipReason'],
    },
  );
export type Execution = z.infer<typeof executionSchema>;
