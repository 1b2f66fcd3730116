import { z } from 'zod';
import { signedAmountSchema } from '../money';
import { idSchema, instantSchema } from './common';
import { modelNarrativeSchema } from './narrative';
import { riskRuleResultSchema } from './risk';

export const proposalStatusSchema = z.enum(['pending', 'confirmed', 'cancelled', 'expired']);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

/** One coming run of a proposed payment and the balance it would leave. */
export const plannedRunSchema = z
  .object({ at: instantSchema, balanceAfter: signedAmountSchema })
  .strict();

/**
 * What the confirmation dialog shows, worked out by the core: the payment in one sentence,
 * its next runs with the balance after each, and the rules that fired. The dialog only
 * displays it, so every door reads back the same thing.
 */
export const readBackSchema = z
  .object({
    sentence: z.string().max(500),
    nextRuns: z.array(plannedRunSchema).max(3),
    rules: z.array(riskRuleResultSchema),
    /**
     * For a schedule that ends ("until April", "6 times"): how many payments it makes and
     * when the last one is, so the user sees what the bound means before confirming.
     */
    bounds: z
      .object({
        runs: z.number().int().positive(),
        /** True when there are more runs than were counted (a cap on very long rules). */
        atLeast: z.boolean(),
        /** The last run; null when there are more than were counted. */
        lastRunAt: instantSchema.nullable(),
      })
      .strict()
      .optional(),
    /** The rules explained in plain words by the local model, when it could; never decides. */
    narrative: modelNarrativeSchema.optional(),
  })
  .strict();
export type ReadBack = z.infer<typeof readBackSchema>;

/** A person named on a proposal: the id to act on, the name to show. */
export const proposalPersonSchema = z
  .object({ userId: idSchema, name: z.string().min(1).max(120) })
  .strict();
export type ProposalPerson = z.infer<typeof proposalPersonSchema>;

/**
 * A payment waiting for the user's yes. The core is the authority: confirming checks the
 * expiry, the status, and that the payment still has the fingerprint it was proposed with.
 */
export const proposalSchema = z
  .object({
    id: idSchema,
    paymentId: idSchema,
    userId: idSchema,
    riskAssessmentId: idSchema,
    createdAt: instantSchema,
    expiresAt: instantSchema,
    status: proposalStatusSchema,
    /** When it left `pending`; null while pending. */
    decidedAt: instantSchema.nullable(),
    /** A hash of every payment field that moves money; a changed payment no longer matches. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    readBack: readBackSchema,
    /** Who asked for the payment. Absent on proposals saved before households. */
    askedBy: proposalPersonSchema.optional(),
    /**
     * True when a second person of the household must approve it (the Guardian's
     * second_person_approval rule fired): the asker can't confirm it, an owner can.
     */
    secondApproval: z.boolean().optional(),
    /** Who confirmed or cancelled it; null while pending. Absent on older proposals. */
    decidedBy: proposalPersonSchema.nullable().optional(),
  })
  .strict();
export type Proposal = z.infer<typeof proposalSchema>;
