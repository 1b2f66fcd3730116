import { describe, expect, it } from 'vitest';
import {
  createDesktopApi,
  DESKTOP_CHANNEL,
  DESKTOP_EVENT_CHANNEL,
} from '../../../electron/preload/desktopApi';

type Listener = (event: unknown, ...args: unknown[]) => void;

describe('window.arcflux.desktop', () => {
  it('sends the key and shortcut requests on one channel and relays the shortcut', async () => {
    const invoked: unknown[][] = [];
    const listeners = new Set<Listener>();
    const api = createDesktopApi({
      invoke: (channel, ...args) => {
        invoked.push([channel, ...args]);
        return Promise.resolve({ ok: true, data: {} });
      },
      on: (_channel, listener) => listeners.add(listener),
      removeListener: (_channel, listener) => listeners.delete(listener),
    });
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([
      'circleKeyStatus',
      'clearCircleKey',
      'clearHouseholdConnection',
      'householdConnection',
      'onPushToTalk',
      'pushToTalkShortcut',
      'saveCircleKey',
      'saveHouseholdConnection',
      'setPushToTalkShortcut',
    ]);
    await api.circleKeyStatus();
    await api.saveCircleKey('sk_test_123456', false);
    await api.clearCircleKey();
    await api.pushToTalkShortcut();
    await api.setPushToTalkShortcut('Alt+Shift+K');
    await api.householdConnection();
    await api.saveHouseholdConnection('https://arcflux.example.org', 'personal-token-0123456789');
    await api.clearHouseholdConnection();
    expect(invoked).toEqual([
      [DESKTOP_CHANNEL, { action: 'circleKey:status' }],
      [
        DESKTOP_CHANNEL,
        { action: 'circleKey:save', key: 'sk_test_123456', acceptWeakProtection: false },
      ],
      [DESKTOP_CHANNEL, { action: 'circleKey:clear' }],
      [DESKTOP_CHANNEL, { action: 'pushToTalk:get' }],
      [DESKTOP_CHANNEL, { action: 'pushToTalk:set', accelerator: 'Alt+Shift+K' }],
      [DESKTOP_CHANNEL, { action: 'household:get' }],
      [
        DESKTOP_CHANNEL,
        {
          action: 'household:save',
          connection: { url: 'https://arcflux.example.org', token: 'personal-token-0123456789' },
        },
      ],
      [DESKTOP_CHANNEL, { action: 'household:clear' }],
    ]);

    let presses = 0;
    const stop = api.onPushToTalk(() => (presses += 1));
    for (const listener of listeners) listener({}, 'push-to-talk');
    for (const listener of listeners) listener({}, 'something-else');
    expect(presses).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
    expect(DESKTOP_EVENT_CHANNEL).toBe('arcflux:desktop-event');
  });

  it('turns a broken channel into an error envelope', async () => {
    const api = createDesktopApi({
      invoke: () => Promise.reject(new Error('gone')),
      on: () => undefined,
      removeListener: () => undefined,
    });
    await expect(api.circleKeyStatus()).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});
