import { z } from 'zod';
import { compareAmounts, positiveAmountSchema } from '../money';
import { clockTimeSchema, idSchema, timezoneSchema } from './common';
import { modelChoiceSchema } from './model';
import { missedRunPolicySchema } from './payment';
import { notificationChannelSchema } from './user';

const ratioSchema = z.number().min(0).max(1);

/** The Guardian's thresholds. Amounts are decimal strings in the payment's currency. */
export const guardianPolicySchema = z
  .object({
    /** Payments above this amount always need the user's confirmation. */
    confirmAbove: positiveAmountSchema,
    /** A risk score above this needs confirmation. */
    confirmScore: ratioSchema,
    /** A risk score above this is held for operator review. */
    flagScore: ratioSchema,
    limits: z
      .object({
        perPayment: positiveAmountSchema,
        daily: positiveAmountSchema,
        monthly: positiveAmountSchema,
      })
      .strict(),
    /** How long a proposal waits for the user's confirmation. */
    proposalTtlSeconds: z.number().int().min(30).max(86_400),
  })
  .strict()
  // `when` runs the check even while other fields are refused, so one answer lists every
  // problem; it only compares values that are numbers.
  .superRefine(
    (policy, context) => {
      const { flagScore, confirmScore } = policy as Partial<Record<string, unknown>>;
      if (typeof flagScore !== 'number' || typeof confirmScore !== 'number') return;
      if (flagScore >= confirmScore) return;
      context.addIssue({
        code: 'custom',
        path: ['flagScore'],
        message: 'must be at least the confirmation score',
        params: { code: 'flag_below_confirm_score' },
      });
    },
    { when: always },
  );
export type GuardianPolicy = z.infer<typeof guardianPolicySchema>;

/**
 * Limits that contradict each other: a daily limit below the per-payment limit (one
 * payment the per-payment limit allows could break it), a monthly limit below the daily.
 * Each names the field to change, with a code from shared/errors' ISSUE_CODES.
 *
 * `confirmAbove` above the per-payment limit is NOT a contradiction: every payment that
 * large is refused anyway, so it only means "never ask because of the amount alone", and
 * the other rules still ask.
 *
 * Only a change is checked (the settings:update patch). A data folder saved before this
 * check still opens: the Guardian applies every limit on its own, so contradictory limits
 * are safe, only stricter than they look; Settings flags them beside their fields from
 * this same function until they are fixed.
 */
export function limitContradictions(policy: unknown): {
  path: ['limits', 'daily' | 'monthly'];
  code: 'daily_below_per_payment' | 'monthly_below_daily';
  message: string;
}[] {
  const limits = (policy as { limits?: unknown } | null)?.limits;
  const { perPayment, daily, monthly } = (limits ?? {}) as Partial<Record<string, unknown>>;
  const found: ReturnType<typeof limitContradictions> = [];
  if (isAmount(perPayment) && isAmount(daily) && compareAmounts(daily, perPayment) < 0) {
    found.push({
      path: ['limits', 'daily'],
      code: 'daily_below_per_payment',
      message: `Must be at least the largest single payment (${perPayment}): one payment allowed by that limit would break this one.`,
    });
  }
  if (isAmount(daily) && isAmount(monthly) && compareAmounts(monthly, daily) < 0) {
    found.push({
      path: ['limits', 'monthly'],
      code: 'monthly_below_daily',
      message: `Must be at least the daily limit (${daily}): one day's payments could break it.`,
    });
  }
  return found;
}

/** The Guardian's thresholds as a change must give them: valid, and not contradictory. */
export const guardianPolicyChangeSchema = guardianPolicySchema.superRefine(
  (policy, context) => {
    for (const found of limitContradictions(policy)) {
      context.addIssue({
        code: 'custom',
        path: found.path,
        message: found.message,
        params: { code: found.code },
      });
    }
  },
  { when: always },
);

function always(): boolean {
  return true;
}

function isAmount(text: unknown): text is string {
  return positiveAmountSchema.safeParse(text).success;
}

/**
 * Settings the core needs, stored in the data folder so the desktop app, the headless
 * server and the CLI all see the same values. UI-only settings (window bounds, theme)
 * live in electron-store instead.
 */
export const settingsSchema = z
  .object({
    actingUserId: idSchema,
    timezone: timezoneSchema,
    defaultRunTime: clockTimeSchema,
    missedRunPolicy: missedRunPolicySchema,
    guardian: guardianPolicySchema,
    notificationChannels: z.array(notificationChannelSchema),
    /** Which local model each task uses; changed through models:choose, which checks it. */
    models: modelChoiceSchema,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A partial update; every field is optional but each present one must be valid. The model
 * choice is left out: models:choose checks it against the registry first.
 */
export const settingsPatchSchema = z
  .object({
    actingUserId: idSchema,
    timezone: timezoneSchema,
    defaultRunTime: clockTimeSchema,
    missedRunPolicy: missedRunPolicySchema,
    guardian: guardianPolicyChangeSchema,
    notificationChannels: z.array(notificationChannelSchema),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
