/**
 * How long a printed browser-mode launch link can be opened: long enough to click, short
 * enough that one found later in scrollback, a log or a screen share is already dead.
 * Shared so the server enforces and the signed-out screen states the same number.
 */
export const LAUNCH_CODE_SECONDS = 120;

/** A browser session unused this long ends (config: server.sessionIdleHours). */
export const DEFAULT_SESSION_IDLE_HOURS = 12;
