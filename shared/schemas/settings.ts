import { z } from 'zod';
import { positiveAmountSchema } from '../money';
import { clockTimeSchema, idSchema, timezoneSchema } from './common';
import { modelChoiceSchema } from './model';
import { missedRunPolicySchema } from './payment';
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
  .refine((policy) => policy.flagScore >= policy.confirmScore, {
    message: 'flagScore must be at least confirmScore',
    path: ['flagScore'],
  });
export type GuardianPolicy = z.infer<typeof guardianPolicySchema>;

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
    guardian: guardianPolicySchema,
    notificationChannels: z.array(notificationChannelSchema),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
