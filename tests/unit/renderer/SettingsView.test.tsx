import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsView } from '../../../renderer/src/components/settings/SettingsView';
import { AppStoreContext, createAppStore } from '../../../renderer/src/store/appStore';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, demoModels, FakeBridge, ok, type Reply } from './fakeBridge';

afterEach(cleanup);

function setup(update: Reply) {
  const bridge = new FakeBridge({
    'models:list': () => ok(demoModels()),
    'settings:update': update,
    'system:health': () =>
      ok({
        status: 'ok',
        version: '0.1.0',
        now: '2026-11-27T08:00:00.000Z',
        actingUserId: 'user1',
        connector: 'simulated',
      }),
  });
  const values = new Map<string, string>();
  const store = createAppStore(bridge, {
    storage: {
      getItem: (key) => values.get(key) ?? null,
      setItem: (key, value) => values.set(key, value),
    },
  });
  store.setState({ settings: sampleSettings(), settingsStatus: 'ready', users: DEMO_USERS });
  render(
    <AppStoreContext value={store}>
      <SettingsView />
    </AppStoreContext>,
  );
  return { bridge, store, values, user: userEvent.setup() };
}

describe('settings', () => {
  it('saves the undo window as a number of seconds, and shows the core refusing one out of range', async () => {
    let saved: unknown;
    const { bridge, user } = setup((patch: { undoSeconds?: number }) => {
      saved = patch;
      return patch.undoSeconds === 0
        ? ok(sampleSettings({ undoSeconds: 0 }))
        : {
            ok: false,
            error: {
              code: 'invalid_input',
              message:
                'Invalid input for settings:update: "undoSeconds" must be at most 300. Correct it and try again; nothing was changed.',
            },
          };
    });
    const field = screen.getByLabelText('Undo window (seconds)');
    expect((field as HTMLInputElement).value).toBe('10');
    await user.clear(field);
    await user.type(field, '301');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(saved).toEqual({ undoSeconds: 301 });
    await user.clear(field);
    await user.type(field, '0');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bridge.inputsOf('settings:update')).toHaveLength(2));
    expect(saved).toEqual({ undoSeconds: 0 });
  });

  it("shows the core's validation messages beside their fields and focuses the first", async () => {
    const { bridge, user } = setup(() => ({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'Invalid input for settings:update: "timezone" must be an IANA time zone such as America/New_York; "guardian.limits.daily" must be a decimal string such as "120". Correct it and try again; nothing was changed.',
      },
    }));
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus');
    const daily = screen.getByLabelText('Daily limit');
    await user.clear(daily);
    await user.type(daily, 'lots');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    await screen.findByText('Must be an IANA time zone such as America/New_York.');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(zone.getAttribute('aria-describedby')).toContain(
      screen.getByText('Must be an IANA time zone such as America/New_York.').id,
    );
    expect(daily.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('2 fields need a change');
    expect(document.activeElement).toBe(zone);
    const patch = bridge.inputsOf('settings:update')[0];
    expect(patch.timezone).toBe('Mars/Olympus');
    expect(patch.guardian.limits.daily).toBe('lots');
    expect(patch).not.toHaveProperty('actingUserId');
  });

  it('saves only what changed', async () => {
    const { bridge, store, user } = setup((patch) => ok({ ...sampleSettings(), ...patch }));
    await user.click(screen.getByRole('radio', { name: /Skip them/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Email' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(store.getState().settings?.missedRunPolicy).toBe('skip'));
    expect(bridge.inputsOf('settings:update')).toEqual([
      { missedRunPolicy: 'skip', notificationChannels: ['in_app', 'email'] },
    ]);
    expect(store.getState().toasts.at(-1)?.title).toBe('Settings saved');
  });

  it('switches the theme at once and remembers it', async () => {
    const { store, values, user } = setup(() => ok(sampleSettings()));
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(store.getState().theme).toBe('dark');
    expect(values.get('arcflux.theme')).toBe('dark');
    expect(await screen.findByText('Simulated (no real money moves)')).toBeTruthy();
  });
});
