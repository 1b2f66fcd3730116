import { z } from 'zod';
import { idSchema, instantSchema } from '../schemas/common';
import { executionFailureSchema } from '../schemas/execution';
import { defineSection } from './define';

export const tickReportSchema = z
  .object({
    ranAt: instantSchema,
    executed: z.array(
      z
        .object({
          paymentId: idSchema,
          occurrenceAt: instantSchema,
          executionId: idSchema,
          transferId: z.string().max(128).nullable(),
        })
        .strict(),
    ),
    failed: z.array(
      z
        .object({
          paymentId: idSchema,
          occurrenceAt: instantSchema,
          executionId: idSchema,
          failure: executionFailureSchema,
          error: z.string().max(500),
        })
        .strict(),
    ),
    /** Payments that now wait for the user's answer about runs missed while closed or asleep. */
    missed: z.array(
      z.object({ paymentId: idSchema, occurrences: z.array(instantSchema) }).strict(),
    ),
  })
  .strict();
export type TickReport = z.infer<typeof tickReportSchema>;

export const schedulerSection = defineSection({
  /**
   * Runs the scheduler once at the core's current time: recovers unfinished executions,
   * executes what is due, and holds what was missed. The background timer calls the same.
   */
  'scheduler:tick': {
    description: 'Run the scheduler once now: execute due payments, hold missed ones.',
    input: z.object({}).strict(),
    output: tickReportSchema,
    rest: { method: 'POST', path: '/v1/scheduler/tick' },
  },
});
