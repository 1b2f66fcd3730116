import { z } from 'zod';
import { compareAmounts, positiveAmountSchema } from '../money';
import { clockTimeSchema, idSchema, timezoneSchema } from './common';
import { modelChoiceSchema } from './model';
import { missedRunPolicySchema } from './payment';
import { OPERATOR_EVENTS, type OperatorEvent } from './notification';
import { notificationChannelSchema } from './user';

const ratioSchema = z.number().min(0).max(1);

/** The largest minimum interval between a schedule's runs: a month of 31 days. */
export const MAX_MINIMUM_INTERVAL_SECONDS = 31 * 86_400;

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
    /**
     * A schedule whose runs come closer together than this is refused: "every second"
     * would pay out a balance before anyone could stop it. Stored settings from before
     * the field start at one hour.
     */
    minimumIntervalSeconds: z.number().int().min(1).max(MAX_MINIMUM_INTERVAL_SECONDS).default(3600),
  })
  .strict()
  // `when` runs the check even while other fields are refused, so one answer lists every
  // problem; it only compares values that are numbers.
  .superRefine(
    (policy, context) => {
      // `when` runs this on a refused value too, null included: read it as nothing then.
      const { flagScore, confirmScore } = (policy ?? {}) as Partial<Record<string, unknown>>;
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

/** The longest undo window a user can set: five minutes. */
export const MAX_UNDO_SECONDS = 300;
/**
 * How long a payment that would run at once (approved without a dialog, or confirmed to
 * run as soon as approved) waits before any money moves, so the user can still undo it.
 * 0 turns the window off.
 */
export const undoSecondsSchema = z.number().int().min(0).max(MAX_UNDO_SECONDS);

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
 * Quiet hours, read on each recipient's own clock (their user timezone). "Quiet" means:
 * nothing buzzes or arrives outside the app. Desktop, email and SMS deliveries made while
 * it is quiet there wait, as `deferred` in the outbox, until the hours end; the in-app
 * notification is recorded and shown at once (it makes no noise), so a denied or flagged
 * payment is always on an operator's list straight away. The webhook is the install's
 * integration, not a person, so it is never held. `end` before `start` spans midnight;
 * equal times are refused (no quiet or all-day quiet are both better said another way).
 */
export const quietHoursSchema = z
  .object({ start: clockTimeSchema, end: clockTimeSchema })
  .strict()
  .refine((hours) => hours.start !== hours.end, {
    message: 'must end at a different time than it starts',
    path: ['end'],
  });
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** Which operator alerts are sent: one switch per event, all on by default. */
export const operatorAlertsSchema = z
  .object(
    Object.fromEntries(OPERATOR_EVENTS.map((event) => [event, z.boolean()])) as Record<
      OperatorEvent,
      z.ZodBoolean
    >,
  )
  .strict();
export type OperatorAlerts = z.infer<typeof operatorAlertsSchema>;

export const ALL_OPERATOR_ALERTS: OperatorAlerts = {
  denied: true,
  flagged: true,
  failed: true,
  balance_drop: true,
  overdraft: true,
};

/** When and what notifications go out; settings.json files from before it get the default. */
export const notificationRulesSchema = z
  .object({
    /** null: no quiet hours. */
    quietHours: quietHoursSchema.nullable(),
    operatorAlerts: operatorAlertsSchema,
  })
  .strict();
export type NotificationRules = z.infer<typeof notificationRulesSchema>;

export const DEFAULT_NOTIFICATION_RULES: NotificationRules = {
  quietHours: null,
  operatorAlerts: ALL_OPERATOR_ALERTS,
};

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
    undoSeconds: undoSecondsSchema,
    guardian: guardianPolicySchema,
    notificationChannels: z.array(notificationChannelSchema),
    notificationRules: notificationRulesSchema.default(DEFAULT_NOTIFICATION_RULES),
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
    undoSeconds: undoSecondsSchema,
    guardian: guardianPolicyChangeSchema,
    notificationChannels: z.array(notificationChannelSchema),
    notificationRules: notificationRulesSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
