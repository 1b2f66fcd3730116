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

/**
 * What a Guardian rule is about, so a door decides from this code and never from a rule's
 * name or explanation:
 * - request: the command can't be done as said (currency, unknown contact, self, hostile text);
 * - question: something must be answered before anything else (needs_clarification);
 * - reading: the local model, not the rules alone, read the command; the user checks it by eye;
 * - recipient: who is paid (trusted list, first payment, address verification);
 * - amount: the amount itself (above the confirmation amount, unusual for this recipient);
 * - limit: a spending limit from Settings (per payment, daily, monthly, or a schedule's day
 *   or month over the horizon);
 * - funds: the balance (does not cover it, overdraws with what is scheduled, large share, a
 *   schedule that uses it up);
 * - activity: how much went out lately;
 * - schedule: the payment repeats, or repeats faster than the minimum interval;
 * - consent: the user's own answer (confirmed_by_user);
 * - household: a second person of the household must approve (second_person_approval);
 * - other: a record saved before kinds were recorded, by a rule this version no longer has.
 */
export const RISK_RULE_KINDS = [
  'request',
  'question',
  'reading',
  'recipient',
  'amount',
  'limit',
  'funds',
  'activity',
  'schedule',
  'consent',
  'household',
  'other',
] as const;
export const riskRuleKindSchema = z.enum(RISK_RULE_KINDS);
export type RiskRuleKind = z.infer<typeof riskRuleKindSchema>;

/**
 * The kinds of the rules that existed before rule results recorded their kind, so risk
 * records and proposals saved then load with the right one (a pending model-read proposal
 * must still be a "reading"). Frozen: rules added since declare their kind in the core and
 * always record it; a test checks the core's rules agree with this table.
 */
export const KINDS_BEFORE_RECORDING: Readonly<Record<string, RiskRuleKind>> = {
  unsupported_currency: 'request',
  unknown_recipient: 'request',
  instructions_in_command: 'request',
  self_payment: 'request',
  needs_clarification: 'question',
  model_only_understanding: 'reading',
  engines_disagree: 'reading',
  per_payment_limit: 'limit',
  daily_limit: 'limit',
  monthly_limit: 'limit',
  insufficient_funds: 'funds',
  overdraws_with_upcoming: 'funds',
  large_share_of_balance: 'funds',
  recipient_not_whitelisted: 'recipient',
  whitelisted_recipient: 'recipient',
  first_payment_to_recipient: 'recipient',
  recipient_verification: 'recipient',
  above_confirmation_amount: 'amount',
  unusual_amount_for_recipient: 'amount',
  high_velocity: 'activity',
  recurring_schedule: 'schedule',
  confirmed_by_user: 'consent',
};

export const riskRuleResultSchema = z.preprocess(
  withRecordedKind,
  z
    .object({
      /** The rule's stable name, for the audit trail and display; never decided on. */
      name: z.string().min(1),
      kind: riskRuleKindSchema,
      level: riskLevelSchema,
      explanation: z.string(),
      /** The figures the explanation names, for screens that show them without reading it. */
      figures: riskFiguresSchema.optional(),
    })
    .strict(),
);
export type RiskRuleResult = z.infer<typeof riskRuleResultSchema>;

/** A result saved without a kind gets the one its rule had then; an unknown rule, "other". */
function withRecordedKind(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'kind' in raw) return raw;
  const name: unknown = (raw as { name?: unknown }).name;
  const kind =
    typeof name === 'string' && Object.hasOwn(KINDS_BEFORE_RECORDING, name)
      ? KINDS_BEFORE_RECORDING[name]
      : 'other';
  return { ...raw, kind };
}

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
