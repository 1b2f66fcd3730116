import { z } from 'zod';
import { idSchema } from '../schemas/common';
import { notificationSchema } from '../schemas/notification';
import { defineSection } from './define';

export const notificationPageSchema = z
  .object({
    /** Newest first. */
    items: z.array(notificationSchema),
    /** How many notifications the user has in all, and how many of them are unread. */
    total: z.number().int().min(0),
    unread: z.number().int().min(0),
  })
  .strict();
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const notificationsSection = defineSection({
  /** The notification centre: the user's in-app notifications, newest first. */
  'notifications:list': {
    description: "List a user's notifications, newest first, with the unread count.",
    input: z
      .object({
        userId: idSchema.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: notificationPageSchema,
    rest: { method: 'GET', path: '/v1/notifications' },
  },
  /** Marks the named notifications read, or all of the user's when `ids` is absent. */
  'notifications:read': {
    description: 'Mark notifications read (all of them when no ids are given).',
    input: z
      .object({
        userId: idSchema.optional(),
        ids: z.array(idSchema).min(1).max(500).optional(),
      })
      .strict(),
    output: z.object({ unread: z.number().int().min(0) }).strict(),
    rest: { method: 'POST', path: '/v1/notifications/read' },
  },
});
