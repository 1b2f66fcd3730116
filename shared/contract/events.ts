import { z } from 'zod';
import { balanceSchema } from '../schemas/balance';
import { downloadProgressSchema, modelsOverviewSchema } from '../schemas/model';
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
  /** A model download's progress: bytes, speed and time left, at most 4 a second per model. */
  'models:progress': z.object({ progress: downloadProgressSchema }).strict(),
  /** A model's state, the disk usage, the choice or an engine's status changed. */
  'models:changed': z.object({ overview: modelsOverviewSchema }).strict(),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<Name extends EventName> = z.infer<(typeof eventSchemas)[Name]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];
