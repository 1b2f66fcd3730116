import { z } from 'zod';
import { idSchema } from '../schemas/common';
import { paymentSchema } from '../schemas/payment';
import { proposalSchema } from '../schemas/proposal';
import { defineSection } from './define';

const paymentIdInput = z.object({ id: idSchema }).strict();
const paymentOutput = z.object({ payment: paymentSchema }).strict();

export const paymentActionsSection = defineSection({
  /**
   * The user's yes. For a proposal it re-checks expiry, balance and limits and that the
   * payment is unchanged, then schedules it; for missed runs it approves running them.
   * Giving `proposalId` pins the confirmation to the proposal the dialog showed.
   */
  'payments:confirm': {
    description: 'Confirm a proposed payment, or approve running its missed occurrences.',
    input: z.object({ id: idSchema, proposalId: idSchema.optional() }).strict(),
    output: z.object({ payment: paymentSchema, proposal: proposalSchema.nullable() }).strict(),
    rest: { method: 'POST', path: '/v1/payments/:id/confirm' },
  },
  /** Stops a payment for good: a proposal, a schedule, or one waiting on missed runs. */
  'payments:cancel': {
    description: 'Cancel a proposed or scheduled payment; nothing more of it runs.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/cancel' },
  },
  /**
   * Undo from the countdown: cancels a payment in its undo window with nothing paid. Once
   * its run has started it refuses with `already_started` and changes nothing.
   */
  'payments:undo': {
    description: 'Undo a payment waiting out its undo window; nothing of it is paid.',
    input: paymentIdInput,
    output: paymentOutput,
    rest: { method: 'POST', path: '/v1/payments/:id/undo' },
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
