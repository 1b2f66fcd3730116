import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsView } from '../../../renderer/src/components/settings/SettingsView';
import { AppStoreContext, createAppStore, useAppStore } from '../../../renderer/src/store/appStore';
import { checkInput, summariseIssues } from '../../../electron/core/validation/issues';
import {
  ALL_OPERATOR_ALERTS,
  settingsPatchSchema,
  type Settings,
} from '../../../shared/schemas/settings';
import { sampleSettings } from '../../support/samples';
import { DEMO_USERS, demoModels, FakeBridge, ok, type Reply } from './fakeBridge';

afterEach(cleanup);

/** Answers settings:update the way the core does: the contract's check, every issue at once. */
const coreUpdate: Reply = (patch) => {
  const checked = checkInput(settingsPatchSchema, patch);
  if (!checked.ok) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: summariseIssues('settings:update', checked.issues),
        issues: checked.issues,
      },
    };
  }
  return ok({ ...sampleSettings(), ...checked.data });
};

/** The page as the app shows it: Settings, or the overview once the user has left. */
function Page() {
  const view = useAppStore((state) => state.view);
  return view === 'settings' ? <SettingsView /> : <p>The overview page</p>;
}

function setup(update: Reply, settings: Settings = sampleSettings()) {
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
  store.setState({ settings, settingsStatus: 'ready', users: DEMO_USERS, view: 'settings' });
  render(
    <AppStoreContext value={store}>
      <Page />
    </AppStoreContext>,
  );
  return { bridge, store, values, user: userEvent.setup() };
}

describe('settings', () => {
  it('saves the undo window as a number of seconds, and shows the core refusing one out of range', async () => {
    const { bridge, store, user } = setup(coreUpdate);
    const field = screen.getByLabelText('Undo window (seconds)');
    expect((field as HTMLInputElement).value).toBe('10');
    await user.clear(field);
    await user.type(field, '301');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(bridge.inputsOf('settings:update')[0]).toEqual({ undoSeconds: 301 });
    expect(store.getState().settings?.undoSeconds).toBe(10);
    await user.clear(field);
    await user.type(field, '0');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(store.getState().settings?.undoSeconds).toBe(0));
    expect(bridge.inputsOf('settings:update').at(-1)).toEqual({ undoSeconds: 0 });
  });

  // Eight fields re-render a long form; the limit only turns a hang into a failure on a
  // busy 2-core machine.
  it(
    "shows the core's issue for every bad field at once, each beside its field",
    { timeout: 30_000 },
    async () => {
      const { bridge, store, user } = setup(coreUpdate);
      const entries: [string, string][] = [
        ['Time zone', 'Mars/Olympus'],
        ['Confirm payments above', '-5'],
        ['Largest single payment', '0'],
        ['Daily limit', 'lots'],
        ['Monthly limit', '1.1234567'],
        ['Confirm above risk score', 'high'],
        ['Hold for review above risk score', '2'],
        ['Confirmation time limit (seconds)', '5'],
      ];
      for (const [label, value] of entries) {
        const field = screen.getByLabelText(label);
        await user.clear(field);
        // Pasting (one event per field) keeps eight fields quick under a loaded machine.
        await user.paste(value);
      }
      await user.click(screen.getByRole('button', { name: 'Save settings' }));

      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain('8 fields need a change');
      for (const [label] of entries) {
        const field = screen.getByLabelText(label);
        expect(field.getAttribute('aria-invalid'), label).toBe('true');
        const errorId = field.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '';
        const message = document.getElementById(errorId)?.textContent ?? '';
        // Plain words of ours, never zod's own ("Invalid input: expected number…").
        expect(message, label).toMatch(/^[A-Z].*\.$/);
        expect(message, label).not.toMatch(/invalid input|expected|received|too (small|big)/i);
      }
      expect(screen.getByText('Enter a number.')).toBeTruthy();
      expect(screen.getByText('Enter 1 or less.')).toBeTruthy();
      expect(screen.getByText('Enter 30 or more.')).toBeTruthy();
      expect(document.activeElement).toBe(screen.getByLabelText('Time zone'));
      // One round trip: the text that is no number went to the core with everything else.
      expect(bridge.inputsOf('settings:update')).toHaveLength(1);
      expect(bridge.inputsOf('settings:update')[0].guardian.confirmScore).toBe('high');
      expect(store.getState().settings).toEqual(sampleSettings());
    },
  );

  it('refuses contradictory limits with the reason beside the field to change', async () => {
    const { user } = setup(coreUpdate);
    const daily = screen.getByLabelText('Daily limit');
    await user.clear(daily);
    await user.type(daily, '5000');
    const monthly = screen.getByLabelText('Monthly limit');
    await user.clear(monthly);
    await user.type(monthly, '1000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(
      await screen.findByText(/Must be at least the largest single payment \(10000\)/),
    ).toBeTruthy();
    expect(screen.getByText(/Must be at least the daily limit \(5000\)/)).toBeTruthy();
    expect(daily.getAttribute('aria-invalid')).toBe('true');
    expect(monthly.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Largest single payment').getAttribute('aria-invalid')).toBe(null);
  });

  it('flags limits saved contradictory before the check, and still saves other fields', async () => {
    const saved = sampleSettings();
    saved.guardian.limits = { perPayment: '10000', daily: '2000', monthly: '50000' };
    const { bridge, user } = setup((patch) => ok({ ...saved, ...patch }), saved);
    expect(screen.getByRole('alert').textContent).toContain('saved limits contradict each other');
    expect(screen.getByLabelText('Daily limit').getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('radio', { name: /Skip them/ }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(bridge.inputsOf('settings:update')).toEqual([{ missedRunPolicy: 'skip' }]),
    );
  });

  it('asks before leaving with unsaved edits; staying keeps them, leaving drops them', async () => {
    const { store, user } = setup(coreUpdate);
    const zone = screen.getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Europe/Paris');

    act(() => store.getState().setView('overview'));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave without saving?' });
    expect(store.getState().view).toBe('settings');
    expect(document.activeElement).toBe(
      within(dialog).getByRole('button', { name: 'Keep editing' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('Europe/Paris');

    // A browser tab asks too, through beforeunload.
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    act(() => store.getState().setView('overview'));
    await user.click(screen.getByRole('button', { name: 'Leave without saving' }));
    expect(store.getState().view).toBe('overview');
    expect(screen.getByText('The overview page')).toBeTruthy();
    const later = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
    expect(store.getState().settings).toEqual(sampleSettings());
  });

  it('leaves at once when nothing is unsaved', () => {
    const { store } = setup(coreUpdate);
    act(() => store.getState().setView('overview'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByText('The overview page')).toBeTruthy();
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

  it('offers SMS as a channel and saves it', async () => {
    const { bridge, store, user } = setup((patch) => ok({ ...sampleSettings(), ...patch }));
    const sms = screen.getByRole('checkbox', { name: 'SMS (text message)' });
    expect((sms as HTMLInputElement).checked).toBe(false);
    await user.click(sms);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(store.getState().settings?.notificationChannels).toEqual(['in_app', 'sms']),
    );
    expect(bridge.inputsOf('settings:update')).toEqual([
      { notificationChannels: ['in_app', 'sms'] },
    ]);
  });

  it('saves the shortest time between scheduled runs with the Guardian settings', async () => {
    const { bridge, store, user } = setup((patch) => ok({ ...sampleSettings(), ...patch }));
    const field = screen.getByLabelText('Shortest time between scheduled runs (seconds)');
    expect((field as HTMLInputElement).value).toBe('3600');
    await user.clear(field);
    await user.type(field, '5');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(store.getState().settings?.guardian.minimumIntervalSeconds).toBe(5));
    expect(bridge.inputsOf('settings:update')).toEqual([
      { guardian: { ...sampleSettings().guardian, minimumIntervalSeconds: 5 } },
    ]);
  });

  it('switches the theme at once and remembers it', async () => {
    const { store, values, user } = setup(() => ok(sampleSettings()));
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(store.getState().theme).toBe('dark');
    expect(values.get('arcflux.theme')).toBe('dark');
    expect(await screen.findByText('Simulated (no real money moves)')).toBeTruthy();
  });
});

describe('settings for quiet hours and operator alerts', () => {
  it('saves quiet hours and an operator alert turned off, and shows the core refusing hours that end when they start', async () => {
    const { bridge, store, user } = setup(coreUpdate);
    expect(screen.queryByLabelText('Quiet from')).toBeNull();
    await user.click(screen.getByLabelText('Hold notifications during quiet hours'));
    const from = screen.getByLabelText('Quiet from') as HTMLInputElement;
    const until = screen.getByLabelText('Quiet until') as HTMLInputElement;
    expect([from.value, until.value]).toEqual(['22:00', '07:00']);
    await act(async () => {
      fireEvent.change(until, { target: { value: '22:00' } });
    });
    await user.click(screen.getByLabelText('A balance drops more than ArcFlux explains'));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(until.getAttribute('aria-invalid')).toBe('true'));
    expect(store.getState().settings?.notificationRules.quietHours).toBeNull();

    await act(async () => {
      fireEvent.change(until, { target: { value: '06:30' } });
    });
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(store.getState().settings?.notificationRules.quietHours).toEqual({
        start: '22:00',
        end: '06:30',
      }),
    );
    expect(bridge.inputsOf('settings:update').at(-1)).toEqual({
      notificationRules: {
        quietHours: { start: '22:00', end: '06:30' },
        operatorAlerts: { ...ALL_OPERATOR_ALERTS, balance_drop: false },
      },
    });
  });
});
