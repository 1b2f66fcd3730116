import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArcfluxDesktopApi, ArcfluxWindowApi } from '../../../renderer/src/arcflux';
import { SettingsView } from '../../../renderer/src/components/settings/SettingsView';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, demoModels, FakeBridge, ok } from './fakeBridge';

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'arcflux');
});

/** The Settings view, with `window.arcflux.desktop` when a desktop fake is given. */
function renderSettings(desktop?: ArcfluxDesktopApi) {
  if (desktop) {
    const api: ArcfluxWindowApi = {
      call: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
      on: () => () => undefined,
      download: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
      desktop,
    };
    Object.defineProperty(window, 'arcflux', { value: api, configurable: true });
  }
  const bridge = new FakeBridge({
    'models:list': () => ok(demoModels()),
    'system:health': () =>
      ok({
        status: 'ok',
        version: '0.1.0',
        now: '2026-11-27T08:00:00.000Z',
        actingUserId: 'user1',
        connector: 'simulated',
      }),
  });
  const store = createAppStore(bridge, {
    storage: { getItem: () => null, setItem: () => undefined },
  });
  store.setState({ settings: sampleSettings(), settingsStatus: 'ready', users: DEMO_USERS });
  render(
    <AppStoreContext value={store}>
      <SettingsView />
    </AppStoreContext>,
  );
  return userEvent.setup();
}

/** The main process as the field sees it: Alt+Taken belongs to another application. */
function fakeDesktop() {
  let accelerator = 'CommandOrControl+Shift+Space';
  const requested: string[] = [];
  const desktop: ArcfluxDesktopApi = {
    circleKeyStatus: async () => ({
      ok: true,
      data: { stored: false, weakProtection: false, unavailable: null },
    }),
    saveCircleKey: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
    clearCircleKey: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
    householdConnection: async () => ({ ok: true, data: { connection: null, kept: null } }),
    saveHouseholdConnection: async () => ({
      ok: false,
      error: { code: 'internal', message: 'unused' },
    }),
    clearHouseholdConnection: async () => ({ ok: true, data: { connection: null, kept: null } }),
    pushToTalkShortcut: async () => ({ ok: true, data: { accelerator } }),
    setPushToTalkShortcut: async (next) => {
      requested.push(next);
      if (next === 'Alt+Taken') {
        return {
          ok: false,
          error: {
            code: 'conflict',
            message:
              'Another application already uses Alt+Taken, so push-to-talk has no global shortcut. Pick another one in Settings.',
          },
        };
      }
      accelerator = next;
      return { ok: true, data: { accelerator } };
    },
    onPushToTalk: () => () => undefined,
  };
  return { desktop, requested };
}

describe('push-to-talk shortcut in Settings', () => {
  it('changes the global shortcut in the desktop app and explains a refusal', async () => {
    const { desktop, requested } = fakeDesktop();
    const user = renderSettings(desktop);
    const field = (await screen.findByLabelText('Push-to-talk shortcut')) as HTMLInputElement;
    await screen.findByText(
      'Press CommandOrControl+Shift+Space anywhere to start listening, and again to stop.',
    );
    expect(field.value).toBe('CommandOrControl+Shift+Space');
    const change = screen.getByRole('button', { name: 'Change shortcut' });
    expect(change.hasAttribute('disabled')).toBe(true);

    await user.clear(field);
    await user.type(field, 'Alt+Taken');
    await user.click(change);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Another application already uses Alt+Taken, so push-to-talk has no global shortcut. Pick another one in Settings.',
    );
    expect(field.getAttribute('aria-invalid')).toBe('true');
    // The old shortcut is still the one in use.
    expect(
      screen.getByText(
        'Press CommandOrControl+Shift+Space anywhere to start listening, and again to stop.',
      ),
    ).toBeTruthy();

    await user.clear(field);
    await user.type(field, 'Alt+Shift+K{Enter}');
    const done = await screen.findByText('Push-to-talk now uses Alt+Shift+K.');
    expect(done.getAttribute('role')).toBe('status');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      screen.getByText('Press Alt+Shift+K anywhere to start listening, and again to stop.'),
    ).toBeTruthy();
    expect(requested).toEqual(['Alt+Taken', 'Alt+Shift+K']);
  });

  it('says global shortcuts are desktop-only in browser mode', async () => {
    renderSettings();
    expect(await screen.findByText(/Global shortcuts are desktop-only/)).toBeTruthy();
    expect(screen.queryByLabelText('Push-to-talk shortcut')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change shortcut' })).toBeNull();
  });
});
