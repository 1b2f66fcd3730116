import { z } from 'zod';
import { householdConnectionSchema } from '../schemas/household';

export { DESKTOP_CHANNEL, DESKTOP_EVENT_CHANNEL, PUSH_TO_TALK_EVENT } from './desktopChannel';

/**
 * The desktop-only channel: what only the Electron app offers, the Circle API key (kept in
 * the OS keychain, never readable back) and the global push-to-talk shortcut. These are
 * not contract methods (no REST route, no core handler), but each message has its one
 * schema here like every other: main parses each request with `desktopRequestSchema`, the
 * renderer parses each reply with `desktopReplySchemas`, and the preload in between only
 * forwards, typed by `DesktopApi`.
 */

/**
 * The shape of an Electron accelerator: keys joined by `+`, no spaces. Whether Electron
 * knows every key is only found out by registering it.
 */
export const acceleratorSchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(100, 'is too long')
  .regex(/^[^\s+]+(\+[^\s+]+)*$/, 'must be keys joined by "+", such as Alt+Shift+Space');

export const desktopRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('circleKey:status') }).strict(),
  z
    .object({
      action: z.literal('circleKey:save'),
      key: z.string().trim().min(8, 'is too short to be a Circle API key').max(512),
      acceptWeakProtection: z.boolean(),
    })
    .strict(),
  z.object({ action: z.literal('circleKey:clear') }).strict(),
  z.object({ action: z.literal('pushToTalk:get') }).strict(),
  z.object({ action: z.literal('pushToTalk:set'), accelerator: acceleratorSchema }).strict(),
  z.object({ action: z.literal('household:get') }).strict(),
  z.object({ action: z.literal('household:save'), connection: householdConnectionSchema }).strict(),
  z.object({ action: z.literal('household:clear') }).strict(),
]);
/** A request as the preload sends it. */
export type DesktopRequest = z.input<typeof desktopRequestSchema>;
export type DesktopAction = DesktopRequest['action'];
/** A request as main has parsed it (trimmed). */
export type ParsedDesktopRequest<Action extends DesktopAction = DesktopAction> = Extract<
  z.output<typeof desktopRequestSchema>,
  { action: Action }
>;

/** Whether a Circle key is stored, never the key itself. */
export const circleKeyStatusSchema = z.object({
  stored: z.boolean(),
  /** True when the OS can only obfuscate the key (Linux without a keyring). */
  weakProtection: z.boolean(),
  /** Why a key can't be stored at all, or null. */
  unavailable: z.string().nullable(),
});
export type CircleKeyStatus = z.infer<typeof circleKeyStatusSchema>;

/** The global push-to-talk accelerator in use. */
export const pushToTalkShortcutSchema = z.object({ accelerator: z.string() });
export type PushToTalkShortcutReply = z.infer<typeof pushToTalkShortcutSchema>;

/**
 * How the household token is kept: `encrypted` with the OS keychain (safeStorage), or
 * `session`, in memory for this run only, where the system offers no real encryption.
 */
export const householdKeptSchema = z.enum(['encrypted', 'session']);
export type HouseholdKept = z.infer<typeof householdKeptSchema>;

/**
 * The household server the window talks to, or null for the local core. The token comes
 * back to the window because the window makes the requests; it is never written in clear.
 */
export const householdStatusSchema = z
  .object({
    connection: householdConnectionSchema.nullable(),
    kept: householdKeptSchema.nullable(),
  })
  .strict();
export type HouseholdStatus = z.infer<typeof householdStatusSchema>;

/** The data of each action's successful reply (inside the usual result envelope). */
export const desktopReplySchemas = {
  'circleKey:status': circleKeyStatusSchema,
  'circleKey:save': circleKeyStatusSchema,
  'circleKey:clear': circleKeyStatusSchema,
  'pushToTalk:get': pushToTalkShortcutSchema,
  'pushToTalk:set': pushToTalkShortcutSchema,
  'household:get': householdStatusSchema,
  'household:save': householdStatusSchema,
  'household:clear': householdStatusSchema,
} as const satisfies Record<DesktopAction, z.ZodType>;
export type DesktopReply<Action extends DesktopAction = DesktopAction> = z.infer<
  (typeof desktopReplySchemas)[Action]
>;

type Field<Action extends DesktopAction, Name extends string> =
  Extract<DesktopRequest, { action: Action }> extends Record<Name, infer Value> ? Value : never;

/**
 * `window.arcflux.desktop`, built by the preload. Arguments are typed from the request
 * schema; replies are `unknown` because the renderer parses them with `desktopReplySchemas`.
 */
export interface DesktopApi {
  circleKeyStatus(): Promise<unknown>;
  saveCircleKey(
    key: Field<'circleKey:save', 'key'>,
    acceptWeakProtection: Field<'circleKey:save', 'acceptWeakProtection'>,
  ): Promise<unknown>;
  clearCircleKey(): Promise<unknown>;
  /** The global push-to-talk accelerator in use, as `{ accelerator }`. */
  pushToTalkShortcut(): Promise<unknown>;
  /** Moves the global shortcut; a taken or malformed one keeps the old and says why. */
  setPushToTalkShortcut(accelerator: Field<'pushToTalk:set', 'accelerator'>): Promise<unknown>;
  /** The household server chosen in Settings and its token, as `HouseholdStatus`. */
  householdConnection(): Promise<unknown>;
  /** Keeps the connection, encrypted where the system can (see householdStatusSchema). */
  saveHouseholdConnection(url: string, token: string): Promise<unknown>;
  /** Forgets it: the next start talks to the local core. */
  clearHouseholdConnection(): Promise<unknown>;
  /** The global push-to-talk shortcut was pressed; returns the unsubscribe function. */
  onPushToTalk(callback: () => void): () => void;
}
