import { z } from 'zod';
import { positiveAmountSchema } from '../money';
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
  .refine((policy) => policy.flagScore >= policy.confirmScore, {
    message: 'flagScore must be at least confirmScore',
    path: ['flagScore'],
  });
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
    guardian: guardianPolicySchema,
    notificationChannels: z.array(notificationChannelSchema),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
