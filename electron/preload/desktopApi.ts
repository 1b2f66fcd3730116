import type { DesktopApi, DesktopRequest } from '../../shared/contract/desktop';
import {
  DESKTOP_CHANNEL,
  DESKTOP_EVENT_CHANNEL,
  PUSH_TO_TALK_EVENT,
} from '../../shared/contract/desktopChannel';
import type { PreloadTransport } from './api';

export { DESKTOP_CHANNEL, DESKTOP_EVENT_CHANNEL } from '../../shared/contract/desktopChannel';

/**
 * `window.arcflux.desktop` (see DesktopApi in shared/contract/desktop): each method sends
 * one request typed by the channel's schema. The preload holds no zod (see
 * desktopChannel), so main parses each request where it arrives, as a compromised renderer
 * could send anything, and the renderer parses each reply.
 */
export function createDesktopApi(transport: PreloadTransport): DesktopApi {
  const invoke = (request: DesktopRequest) =>
    transport.invoke(DESKTOP_CHANNEL, request).catch(() => ({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'The ArcFlux window lost its connection to the app. Restart ArcFlux.',
      },
    }));
  const api: DesktopApi = {
    circleKeyStatus: () => invoke({ action: 'circleKey:status' }),
    saveCircleKey: (key, acceptWeakProtection) =>
      invoke({ action: 'circleKey:save', key, acceptWeakProtection }),
    clearCircleKey: () => invoke({ action: 'circleKey:clear' }),
    pushToTalkShortcut: () => invoke({ action: 'pushToTalk:get' }),
    setPushToTalkShortcut: (accelerator) => invoke({ action: 'pushToTalk:set', accelerator }),
    householdConnection: () => invoke({ action: 'household:get' }),
    saveHouseholdConnection: (url, token) =>
      invoke({ action: 'household:save', connection: { url, token } }),
    clearHouseholdConnection: () => invoke({ action: 'household:clear' }),
    onPushToTalk(callback) {
      if (typeof callback !== 'function') return () => undefined;
      const listener = (_event: unknown, name: unknown) => {
        if (name === PUSH_TO_TALK_EVENT) callback();
      };
      transport.on(DESKTOP_EVENT_CHANNEL, listener);
      return () => {
        transport.removeListener(DESKTOP_EVENT_CHANNEL, listener);
      };
    },
  };
  return Object.freeze(api);
}
