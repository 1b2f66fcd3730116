import { z } from 'zod';
import { balanceSchema } from '../schemas/balance';
import { notificationSchema } from '../schemas/notification';
import { paymentSchema } from '../schemas/payment';
import { settingsSchema } from '../schemas/settings';

/** Everything the core pushes to every door: IPC events and SSE messages alike. */
export const eventSchemas = {
  'payment:changed': z.object({ payment: paymentSchema }).strict(),
  'balance:changed': z.object({ balance: balanceSchema }).strict(),
  'notification:created': z.object({ notification: notificationSchema }).strict(),
  /** A notification meant for the desktop channel; the Electron door shows it as an OS notification. */
  'notification:desktop': z.object({ notification: notificationSchema }).strict(),
  'settings:changed': z.object({ settings: settingsSchema }).strict(),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<Name extends EventName> = z.infer<(typeof eventSchemas)[Name]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];
