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

/** What a command naming payments asks the user to do with them. */
export const paymentActionSchema = z.enum(['cancel', 'pause', 'resume', 'skip']);
export type PaymentAction = z.infer<typeof paymentActionSchema>;

/**
 * A command that would act on payments it can't pin down alone: nothing was changed. Each
 * listed payment goes through the same action (and, for a cancel, the same confirmation)
 * as its button in the Upcoming panel; a cancel may take all of them at once.
 */
export const paymentChoiceSchema = z
  .object({
    action: paymentActionSchema,
    /** The payments the command matched, in the ledger's order; one for a cancel to confirm. */
    payments: z.array(paymentSchema).min(1),
  })
  .strict();
export type PaymentChoice = z.infer<typeof paymentChoiceSchema>;

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
    /**
     * Set when a cancel, pause, resume or skip waits for the user: which payment (when
     * several match) and, for any cancel, the confirmation. The command changed nothing.
     */
    choice: paymentChoiceSchema.optional(),
  })
  .strict();
export type CommandResult = z.infer<typeof commandResultSchema>;

/**
 * Facts a dry run can't settle, said next to its verdict: the balance may change before
 * the payment runs (or could not be read at all), and a payment that runs later is checked
 * again (balance and limits) when it runs, and refused then rather than paid if it no
 * longer fits.
 */
export const previewCaveatSchema = z.enum([
  'balance_may_change',
  'balance_unknown',
  'checked_again_when_run',
]);
export type PreviewCaveat = z.infer<typeof previewCaveatSchema>;

/**
 * What sending the command would do, from the Guardian's own decision run as a dry run:
 * nothing is recorded, saved or paid.
 */
export const commandPreviewSchema = z
  .object({
    intent: intentSchema,
    /** Null when the command is not a payment: questions, cancels and answers. */
    verdict: z
      .object({
        outcome: riskOutcomeSchema,
        score: z.number().min(0).max(1),
        rules: z.array(riskRuleResultSchema),
        caveats: z.array(previewCaveatSchema),
        /**
         * The undo window Send would open, in seconds: the payment waits it out before
         * anything is paid. Null when it would not run within one (asked, refused, later).
         */
        undoSeconds: z.number().int().min(0).nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type CommandPreview = z.infer<typeof commandPreviewSchema>;

const commandInputSchema = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'must say what to do, e.g. "Pay User Two 5 USDC"')
      .max(MAX_COMMAND_TEXT, `must be at most ${MAX_COMMAND_TEXT} characters`),
    userId: idSchema.optional(),
  })
  .strict();

export const commandsSection = defineSection({
  /**
   * The whole flow for one typed or spoken command: understand it, have the Guardian
   * decide, then schedule, propose, refuse or answer. Nothing is paid here: payments run
   * from the scheduler.
   */
  'commands:run': {
    description: 'Understand a command, risk-check it, and schedule, propose, refuse or answer.',
    input: commandInputSchema,
    output: commandResultSchema,
    rest: { method: 'POST', path: '/v1/commands' },
  },
  /**
   * What `commands:run` would do with this text now, without doing it: the same
   * understanding and the same Guardian decision, with no record, payment or proposal.
   */
  'commands:preview': {
    description:
      'Dry-run a command: what the Guardian would decide, with nothing recorded or paid.',
    input: commandInputSchema,
    output: commandPreviewSchema,
    rest: { method: 'POST', path: '/v1/commands/preview' },
  },
});
