import { z } from 'zod';
import { currencySchema, positiveAmountSchema } from '../money';
import { idSchema, instantSchema, timezoneSchema } from './common';
import { scheduleSchema } from './schedule';

export const PAYMENT_STATUSES = [
  'pending_confirmation',
  'scheduled',
  'executing',
  'executed',
  'failed',
  'cancelled',
  'denied',
  'flagged',
  'missed',
] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** What happens to occurrences that fell due while the app was closed or asleep. */
export const missedRunPolicySchema = z.enum(['ask', 'catch_up', 'skip']);
export type MissedRunPolicy = z.infer<typeof missedRunPolicySchema>;

/**
 * At most this many held occurrences are kept on one payment; a longer gap (a 5-second
 * schedule left asleep for a day) is reported by count rather than listed run by run.
 */
export const MAX_HELD_RUNS = 1000;
const heldRunsSchema = z.array(instantSchema).max(MAX_HELD_RUNS);

/** Statuses a payment can still be stopped from. */
export const CANCELLABLE_STATUSES = [
  'pending_confirmation',
  'scheduled',
  'missed',
  'flagged',
] as const;
export type CancellableStatus = (typeof CANCELLABLE_STATUSES)[number];

/**
 * What a user's cancel changed, kept on the cancelled row so Undo can put it back exactly
 * (and so a restart keeps the Undo). `executions` counts the payment's journal entries,
 * and `finished` those with an outcome, at the cancel: a restore refuses if either moved,
 * because then something ran after the user said stop.
 */
export const cancellationSchema = z
  .object({
    at: instantSchema,
    status: z.enum(CANCELLABLE_STATUSES),
    nextRunAt: instantSchema.nullable(),
    paused: z.boolean(),
    missedRuns: heldRunsSchema.optional(),
    approvedRuns: heldRunsSchema.optional(),
    /** The pending proposal the cancel closed, reopened by a restore while unexpired. */
    proposalId: idSchema.nullable(),
    executions: z.number().int().min(0),
    finished: z.number().int().min(0),
  })
  .strict();
export type Cancellation = z.infer<typeof cancellationSchema>;

/**
 * One payment: the schedule entry and its ledger row. A recurring payment keeps one row
 * whose `nextRunAt` advances; each occurrence's attempt is an Execution.
 */
export const paymentSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    recipientId: idSchema,
    amount: positiveAmountSchema,
    currency: currencySchema,
    memo: z.string().max(140).optional(),
    schedule: scheduleSchema,
    status: paymentStatusSchema,
    /** The next occurrence still to run, in UTC; null when nothing is left to run. */
    nextRunAt: instantSchema.nullable(),
    /** The user's zone when the payment was made, so times read back as they were said. */
    timezone: timezoneSchema,
    missedRunPolicy: missedRunPolicySchema,
    paused: z.boolean(),
    /** The command as the user said or typed it. */
    sourceText: z.string().max(500),
    riskAssessmentId: idSchema.nullable(),
    /**
     * Occurrences that fell due while ArcFlux was closed or asleep, waiting for the user's
     * answer (status `missed`). They are never run without it.
     */
    missedRuns: heldRunsSchema.optional(),
    /** Missed occurrences the user (or the catch_up policy) approved; the next tick runs them. */
    approvedRuns: heldRunsSchema.optional(),
    /** Set by a user's cancel, removed by its Undo; absent on rows cancelled otherwise. */
    cancellation: cancellationSchema.optional(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
  })
  .strict();
export type Payment = z.infer<typeof paymentSchema>;
