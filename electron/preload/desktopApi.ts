import type { PreloadTransport } from './api';

/** Desktop-only requests (the Circle key, the push-to-talk shortcut) and pushes (the global push-to-talk shortcut). */
export const DESKTOP_CHANNEL = 'arcflux:desktop';
export const DESKTOP_EVENT_CHANNEL = 'arcflux:desktop-event';
export const PUSH_TO_TALK_EVENT = 'push-to-talk';

/**
 * `window.arcflux.desktop`: what only the desktop app offers. The Circle API key can be
 * stored, replaced or forgotten, and its status read; there is no way to read it back.
 * Replies are `unknown`: the renderer parses them.
 */
export interface DesktopApi {
  circleKeyStatus(): Promise<unknown>;
  saveCircleKey(key: string, acceptWeakProtection: boolean): Promise<unknown>;
  clearCircleKey(): Promise<unknown>;
  /** The global push-to-talk accelerator in use, as `{ accelerator }`. */
  pushToTalkShortcut(): Promise<unknown>;
  /** Moves the global shortcut; a taken or malformed one keeps the old and says why. */
  setPushToTalkShortcut(accelerator: string): Promise<unknown>;
  /** The global push-to-talk shortcut was pressed; returns the unsubscribe function. */
  onPushToTalk(callback: () => void): () => void;
}

export function createDesktopApi(transport: PreloadTransport): DesktopApi {
  const invoke = (request: Record<string, unknown>) =>
    transport.invoke(DESKTOP_CHANNEL, request).catch(() => ({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'The ArcFlux window lost its connection to the app. Restart ArcFlux.',
      },
    }));
  return Object.freeze({
    circleKeyStatus: () => invoke({ action: 'circleKey:status' }),
    saveCircleKey: (key: string, acceptWeakProtection: boolean) =>
      invoke({ action: 'circleKey:save', key, acceptWeakProtection }),
    clearCircleKey: () => invoke({ action: 'circleKey:clear' }),
    pushToTalkShortcut: () => invoke({ action: 'pushToTalk:get' }),
    setPushToTalkShortcut: (accelerator: string) =>
      invoke({ action: 'pushToTalk:set', accelerator }),
    onPushToTalk(callback: () => void) {
      if (typeof callback !== 'function') return () => undefined;
      const listener = (_event: unknown, name: unknown) => {
        if (name === PUSH_TO_TALK_EVENT) callback();
      };
      transport.on(DESKTOP_EVENT_CHANNEL, listener);
      return () => {
        transport.removeListener(DESKTOP_EVENT_CHANNEL, listener);
      };
    },
  });
}
