import { z } from 'zod';
import { queryFactsSchema } from '../schemas/answer';
import { idSchema } from '../schemas/common';
import { intentSchema } from '../schemas/intent';
import { modelNarrativeSchema } from '../schemas/narrative';
import { paymentSchema } from '../schemas/payment';
import { proposalSchema } from '../schemas/proposal';
import { riskOutcomeSchema, riskRuleResultSchema } from '../schemas/risk';
import { defineSection } from './define';

/** The longest command accepted: a payment keeps its source text, capped at 500 characters. */
export const MAX_COMMAND_TEXT = 500;

/** What the Guardian (or the command it led to) decided, in the words ArcFlux replies with. */
export const decisionSchema = z
  .object({
    outcome: riskOutcomeSchema,
    score: z.number().min(0).max(1),
    rules: z.array(riskRuleResultSchema),
    /** The result in one or two sentences, or the follow-up question to answer. */
    reply: z.string().max(2000),
  })
  .strict();
export type Decision = z.infer<typeof decisionSchema>;

/**
 * What kind of reply this is, for the badge every door shows: an answer to a question,
 * something done, something the user must answer (a question, a confirmation, a choice),
 * or a refusal. Worked out by the core, so no door guesses it from the words.
 */
export const replyStatusSchema = z.enum(['answer', 'done', 'needs_you', 'refused']);
export type ReplyStatus = z.infer<typeof replyStatusSchema>;

export const commandResultSchema = z
  .object({
    intent: intentSchema,
    decision: decisionSchema,
    status: replyStatusSchema,
    /** The payment the command made or changed, if any. */
    payment: paymentSchema.nullable(),
    /** Set when the payment waits for the user's confirmation. */
    proposal: proposalSchema.nullable(),
    /** A question's answer as plain data (balances, upcoming payments); null otherwise. */
    facts: queryFactsSchema.nullable(),
    /** A question's answer in the local model's words, checked against `facts`. */
    narrative: modelNarrativeSchema.optional(),
  })
  .strict();
export type CommandResult = z.infer<typeof commandResultSchema>;

export const commandsSection = defineSection({
  /**
   * The whole flow for one typed or spoken command: understand it, have the Guardian
   * decide, then schedule, propose, refuse or answer. Nothing is paid here: payments run
   * from the scheduler.
   */
  'commands:run': {
    description: 'Understand a command, risk-check it, and schedule, propose, refuse or answer.',
    input: z
      .object({
        text: z
          .string()
          .trim()
          .min(1, 'must say what to do, e.g. "Pay User Two 5 USDC"')
          .max(MAX_COMMAND_TEXT, `must be at most ${MAX_COMMAND_TEXT} characters`),
        userId: idSchema.optional(),
      })
      .strict(),
    output: commandResultSchema,
    rest: { method: 'POST', path: '/v1/commands' },
  },
});
