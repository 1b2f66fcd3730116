import { z } from 'zod';
import { currencySchema } from '../money';
import { idSchema, timezoneSchema } from './common';
import { phoneNumberSchema } from './phone';

export const notificationChannelSchema = z.enum(['in_app', 'desktop', 'email', 'webhook', 'sms']);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/**
 * What a user may do beyond their own payments. An operator hears of other users' denied,
 * flagged and failed payments and balance drops (see electron/core/notifications).
 */
export const userRoleSchema = z.enum(['operator']);
export type UserRole = z.infer<typeof userRoleSchema>;

/**
 * A person's place in a household (see electron/core/household): an owner may do
 * everything and approves members' large payments; a member pays and manages their own
 * payments; a viewer only browses. Absent in users.json written before households
 * existed: an owner, so a single desktop user sees no change.
 */
export const householdRoleSchema = z.enum(['owner', 'member', 'viewer']);
export type HouseholdRole = z.infer<typeof householdRoleSchema>;

export const userSchema = z
  .object({
    id: idSchema,
    displayName: z.string().min(1).max(120),
    firstName: z.string().max(60).optional(),
    lastName: z.string().max(60).optional(),
    email: z.email(),
    phone: phoneNumberSchema,
    walletId: z.string().min(1).max(128),
    walletAddress: z.string().min(1).max(128),
    timezone: timezoneSchema,
    preferences: z
      .object({
        defaultCurrency: currencySchema,
        locale: z.string().min(2).max(35),
        notificationChannels: z.array(notificationChannelSchema),
      })
      .strict(),
    /** Recipients this user has vouched for; the Guardian treats them as known. */
    whitelist: z.array(idSchema),
    /** The user's own words for contacts, e.g. "landlord" -> user3. Keys are lower case. */
    nicknames: z.record(z.string().min(1).max(60), idSchema),
    /** Absent in users.json written before roles existed: an ordinary user. */
    roles: z.array(userRoleSchema).default([]),
    household: householdRoleSchema.default('owner'),
  })
  .strict();
export type User = z.infer<typeof userSchema>;

export function isOperator(user: Pick<User, 'roles'>): boolean {
  return user.roles.includes('operator');
}
