import { z } from 'zod';
import { idSchema, instantSchema } from './common';
import { notificationChannelSchema } from './user';

export const notificationKindSchema = z.enum([
  'needs_confirmation',
  'executed',
  'failed',
  'flagged',
  'missed',
  'low_balance',
]);

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
  })
  .strict();
export type Notification = z.infer<typeof notificationSchema>;
