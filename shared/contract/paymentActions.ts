import { z } from 'zod';
import { amountSchema, currencySchema, signedAmountSchema } from '../money';
import { idSchema, instantSchema } from '../schemas/common';
import { executionFailureSchema } from '../schemas/execution';
import { MAX_HELD_RUNS, paymentSchema } from '../schemas/payment';
import { proposalSchema } from '../schemas/proposal';
import { defineSection } from './define';

const paymentIdInput = z.object({ id: idSchema }).strict();
const paymentOutput = z.object({ payment: paymentSchema }).strict();

const missedRunsChoice = z
  .array(instantSchema)
  .min(1, 'must name at least one run; to pay none, skip them')
  .max(MAX_HELD_RUNS);

/**
 * What paying a held payment's chosen missed runs would do, checked the way a tick checks
 * before money moves: each chosen run fits the balance and the limits, or is named with
 * the reason it would be refused. Nothing is approved or paid by asking.
 */
export const missedReviewSchema = z
  .object({
    paymentId: idSchema,
    currency: currencySchema,
    /** Every held run, oldest first; `check` is null for runs not chosen. */
    runs: z.array(
      z
        .object({
          at: instantSchema,
          chosen: z.boolean(),
          check: z.union([z.literal('fits'), executionFailureSchema]).nullable(),
          /** Why a chosen run would be refused, in words; absent when it fits. */
          reason: z.string().optional(),
        })
        .strict(),
    ),
    /** The chosen runs: how many, what they add up to, and how many would be paid. */
    chosen: z
      .object({
        count: z.number().int().min(0),
        total: amountSchema,
        fitting: z.number().int().min(0),
        fittingTotal: amountSchema,
      })
      .strict(),
    /** The balance now, and after the fitting runs are paid; null when it can't be read. */
    balance: amountSchema.nullable(),
    balanceAfter: signedAmountSchema.nullable(),
  })
  .strict();
export type MissedReview = z.infer<typeof missedReviewSchema>;

export const paymentActionsSection = defineSection({
  /**
   * The user's yes. For a proposal it re-checks expiry, balance and limits and that the
   * payment is unchanged, then schedules it; for missed runs it approves running them.
   * Giving `proposalId` pins the confirmation to the proposal the dialog showed.
   */
  'payments:confirm': {
    description: 'Confirm a proposed payment, or approve running its missed occurrences.',
    input: z
      .object({
        id: idSchema,
        proposalId: idSchema.optional(),
        /** For missed runs: the ones to pay (the others are skipped); all when absent. */
        runs: missedRunsChoice.optional(),
      })
      .strict(),
    output: z.object({ payment: paymentSchema, proposal: proposalSchema.nullable() }).strict(),
    rest: { method: 'POST', path: '/v1/payments/:id/confirm' },
  },
  /** What paying the chosen missed runs would do: count, total, balance after, checks. */
  'payments:reviewMissed': {
    description: 'Check what paying chosen missed runs would do, without paying them.',
    input: z.object({ id: idSchema, runs: missedRunsChoice.optional() }).strict(),
    output: missedReviewSchema,
    rest: { method: 'POST', path: '/v1/payments/:id/missed/review' },
  },
  /** Stops a payment for good: a proposal, a schedule, or one waiting on missed runs. */
  'payments:cancel': {
    description: 'Cancel a proposed or scheduled payment; nothing more of it runs.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/cancel' },
  },
  /**
   * Undo of a cancel: the payment back exactly as it was (status, next run, its proposal
   * reopened), only while it is still cancelled and nothing of it ran since. A run that fell
   * due meanwhile goes by the usual missed-run rules on the next tick.
   */
  'payments:restore': {
    description: 'Undo a cancel while nothing of the payment has run since.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/restore' },
  },
  /** Holds a schedule; occurrences that fall due while paused are skipped, not paid later. */
  'payments:pause': {
    description: 'Pause a scheduled payment until it is resumed.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/pause' },
  },
  'payments:resume': {
    description: 'Resume a paused payment from its next occurrence after now.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/resume' },
  },
  /** Skips the next occurrence of a schedule, or drops the missed runs it is waiting on. */
  'payments:skip': {
    description: 'Skip the next occurrence of a recurring payment, or its missed runs.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/skip' },
  },
});
