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
  'missed',
  'low_balance',
]);

export const deliveryStatusSchema = z.enum(['pending', 'sent', 'failed']);

/** Where one notification stands on one outside channel (email, webhook). */
export const deliverySchema = z
  .object({
    channel: notificationChannelSchema,
    status: deliveryStatusSchema,
    attempts: z.number().int().min(0),
    /** When the next attempt may run; null once sent or given up. */
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
    channels: z.array(notificationChannelSchema),
    readAt: instantSchema.nullable(),
    /** Outside deliveries still owed or done; in-app and desktop are delivered at once. */
    deliveries: z.array(deliverySchema).optional(),
    /** Notifications with the same key are one warning, so repeats are not sent again. */
    dedupeKey: z.string().max(200).optional(),
  })
  .strict();
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationKind = z.infer<typeof notificationKindSchema>;
