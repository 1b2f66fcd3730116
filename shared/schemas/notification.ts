import { z } from 'zod';
import { idSchema, instantSchema } from './common';
import { notificationChannelSchema } from './user';

export const notificationKindSchema = z.enum([
  'needs_confirmation',
  /** A payment waits out its undo window before it is sent. */
  'undo_window',
  'executed',
  'failed',
  'flagged',
  /** The Guardian refused a payment; only operators are told (the payer saw the reply). */
  'denied',
  'missed',
  'low_balance',
]);

/**
 * `deferred`: held by the recipient's quiet hours; `nextAttemptAt` is when they end, and
 * the delivery is tried then like a pending one.
 */
export const deliveryStatusSchema = z.enum(['pending', 'deferred', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/**
 * The events operators hear of. `overdraft` is a low balance ahead: scheduled runs would
 * take a wallet under the low-balance threshold.
 */
export const operatorEventSchema = z.enum([
  'denied',
  'flagged',
  'failed',
  'balance_drop',
  'overdraft',
]);
export type OperatorEvent = z.infer<typeof operatorEventSchema>;
export const OPERATOR_EVENTS = operatorEventSchema.options;

/**
 * Where one notification stands on one channel that is not delivered at once: email and
 * webhook, and desktop while quiet hours hold it.
 */
export const deliverySchema = z
  .object({
    channel: notificationChannelSchema,
    status: deliveryStatusSchema,
    attempts: z.number().int().min(0),
    /** When the next attempt may run (for `deferred`, when quiet hours end); null once sent or given up. */
    nextAttemptAt: instantSchema.nullable(),
    /** The last failure in words, never a secret. */
    lastError: z.string().max(300).nullable(),
  })
  .strict();
export type Delivery = z.infer<typeof deliverySchema>;

export const notificationSchema = z
  .object({
    id: idSchema,
    createdAt: instantSchema,
    userId: idSchema,
    kind: notificationKindSchema,
    title: z.string().max(200),
    body: z.string().max(2000),
    paymentId: idSchema.nullable(),
    /** The Guardian's record behind it (a denied, flagged or confirmation notice). */
    riskAssessmentId: idSchema.optional(),
    /** The execution it is about (a failed run). */
    executionId: idSchema.optional(),
    /** Set on an operator's copy: which event, and whose record it is. */
    operatorAlert: z
      .object({ event: operatorEventSchema, subjectUserId: idSchema })
      .strict()
      .optional(),
    channels: z.array(notificationChannelSchema),
    readAt: instantSchema.nullable(),
    /**
     * Deliveries still owed or done on channels that can fail or wait (email, webhook, and
     * desktop held by quiet hours); in-app, and desktop outside quiet hours, go at once.
     */
    deliveries: z.array(deliverySchema).optional(),
    /** Notifications with the same key are one warning, so repeats are not sent again. */
    dedupeKey: z.string().max(200).optional(),
  })
  .strict();
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationKind = z.infer<typeof notificationKindSchema>;
