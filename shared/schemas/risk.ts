import { z } from 'zod';
import { amountSchema, currencySchema, signedAmountSchema } from '../money';
import { idSchema, instantSchema } from './common';
import { intentSchema } from './intent';

export const riskLevelSchema = z.enum(['safe', 'warning', 'danger', 'forbidden']);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const riskOutcomeSchema = z.enum([
  'approved',
  'needs_confirmation',
  'denied',
  'flagged',
  'clarify',
]);
export type RiskOutcome = z.infer<typeof riskOutcomeSchema>;

/**
 * The figures behind a finding, so a screen can show or compare them without reading the
 * sentence. Amounts are decimal strings in `currency`; each rule fills what it names.
 */
export const riskFiguresSchema = z
  .object({
    currency: currencySchema.optional(),
    /** The run the finding is about. */
    at: instantSchema.optional(),
    /** Which run of the schedule that is, from 1. */
    run: z.number().int().min(1).optional(),
    /** A calendar day ("2026-12-08") or month ("2026-12") in the payer's time zone. */
    period: z
      .string()
      .regex(/^\d{4}-\d{2}(-\d{2})?$/)
      .optional(),
    /** The figure found: a total, or the balance a run leaves (which may be negative). */
    amount: signedAmountSchema.optional(),
    /** The limit it went over. */
    limit: amountSchema.optional(),
    /** The shortest gap between runs, and the smallest the settings allow, in seconds. */
    intervalSeconds: z.number().int().min(0).optional(),
    minimumIntervalSeconds: z.number().int().min(1).optional(),
  })
  .strict();
export type RiskFigures = z.infer<typeof riskFiguresSchema>;

/** One rule's finding: `name` is its code, the explanation one line for people. */
export const riskRuleResultSchema = z
  .object({
    name: z.string().min(1),
    level: riskLevelSchema,
    explanation: z.string(),
    figures: riskFiguresSchema.optional(),
  })
  .strict();
export type RiskRuleResult = z.infer<typeof riskRuleResultSchema>;

export const verificationSchema = z.enum(['verified', 'pending', 'unknown']);

/** The Guardian's record of one decision. Nothing is approved without one. */
export const riskAssessmentSchema = z
  .object({
    id: idSchema,
    createdAt: instantSchema,
    userId: idSchema,
    paymentId: idSchema.nullable(),
    request: z.string().max(500),
    intent: intentSchema,
    /** Engineered features; amounts inside are decimal strings, ratios are plain numbers. */
    features: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    rules: z.array(riskRuleResultSchema),
    score: z.number().min(0).max(1),
    outcome: riskOutcomeSchema,
    engine: z.string().min(1),
    verification: verificationSchema,
  })
  .strict();
export type RiskAssessment = z.infer<typeof riskAssessmentSchema>;
