import { z } from 'zod';
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

export const riskRuleResultSchema = z
  .object({ name: z.string().min(1), level: riskLevelSchema, explanation: z.string() })
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
