/**
 * The desktop-only IPC channels (their messages are in ./desktop). Names only and no zod,
 * so the preload can import them and its bundle stays free of schemas
 * (see electron.vite.config.ts).
 */
export const DESKTOP_CHANNEL = 'arcflux:desktop';
export const DESKTOP_EVENT_CHANNEL = 'arcflux:desktop-event';
/** The one event on DESKTOP_EVENT_CHANNEL: the global push-to-talk shortcut was pressed. */
export const PUSH_TO_TALK_EVENT = 'push-to-talk';
