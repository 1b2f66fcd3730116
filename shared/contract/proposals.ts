import { z } from 'zod';
import { idSchema } from '../schemas/common';
import { paymentSchema } from '../schemas/payment';
import { proposalSchema } from '../schemas/proposal';
import { decisionSchema } from './commands';
import { defineSection } from './define';

export const proposalDetailSchema = z
  .object({
    payment: paymentSchema,
    /** The newest proposal made for the payment, whatever its status. */
    proposal: proposalSchema,
    /** The Guardian's decision on it, as `commands:run` would have replied. */
    decision: decisionSchema,
  })
  .strict();
export type ProposalDetail = z.infer<typeof proposalDetailSchema>;

export const proposalsSection = defineSection({
  /**
   * A payment's proposal with its read-back, so any door can show the confirmation a
   * different door started (a payment proposed from the CLI opens the desktop dialog).
   */
  'proposals:get': {
    description: "Show a payment's latest proposal and its read-back, by payment id.",
    input: z.object({ paymentId: idSchema }).strict(),
    output: proposalDetailSchema,
    rest: { method: 'GET', path: '/v1/payments/:paymentId/proposal' },
  },
});
