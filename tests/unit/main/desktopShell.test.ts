import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { forwardDesktopNotifications } from '../../../electron/main/desktopNotifications';
import type { CoreDoor } from '../../../electron/main/ipc';
import {
  isPermissionAllowed,
  isPermissionCheckAllowed,
  openExternalIfSafe,
} from '../../../electron/main/permissions';
import { registerPushToTalkShortcut } from '../../../electron/main/pushToTalkShortcut';
import { checkSchedulerOnResume } from '../../../electron/main/resume';
import {
  createTrayController,
  trayStatus,
  watchPendingConfirmations,
} from '../../../electron/main/tray';
import type { EventName, EventPayload } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';

const ORIGINS = ['app://arcflux'];

/** A core stand-in: canned dispatch replies and events on demand. */
function fakeCore(reply: (name: unknown, input: unknown) => Result<unknown>) {
  const listeners = new Map<string, ((payload: never) => void)[]>();
  const calls: [unknown, unknown][] = [];
  const core: Pick<CoreDoor, 'dispatch' | 'on'> = {
    dispatch: async (name, input) => {
      calls.push([name, input]);
      return reply(name, input);
    },
    on<Name extends EventName>(name: Name, listener: (payload: EventPayload<Name>) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as never]);
      return () => listeners.set(name, []);
    },
  };
  const emit = (name: EventName, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  };
  return { core, calls, emit };
}

describe('permissions', () => {
  it('grants only the microphone, and only to our own origin', () => {
    const ours = { requestingUrl: 'app://arcflux/index.html', mediaTypes: ['audio'] as const };
    expect(isPermissionAllowed('media', ours, ORIGINS)).toBe(true);
    expect(isPermissionAllowed('media', { ...ours, mediaTypes: ['audio', 'video'] }, ORIGINS)).toBe(
      false,
    );
    expect(isPermissionAllowed('media', { ...ours, mediaTypes: [] }, ORIGINS)).toBe(false);
    expect(
      isPermissionAllowed('media', { ...ours, requestingUrl: 'https://evil.example/' }, ORIGINS),
    ).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(isPermissionAllowed(permission, ours, ORIGINS)).toBe(false);
    }
    expect(isPermissionCheckAllowed('media', 'app://arcflux', ORIGINS)).toBe(true);
    expect(isPermissionCheckAllowed('media', 'https://evil.example', ORIGINS)).toBe(false);
    expect(isPermissionCheckAllowed('geolocation', 'app://arcflux', ORIGINS)).toBe(false);
  });

  it('opens only clicked http(s) links in the system browser', () => {
    const open = vi.fn(() => Promise.resolve());
    expect(openExternalIfSafe('https://www.circle.com/', 'foreground-tab', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://www.circle.com/');
    expect(openExternalIfSafe('https://example.com/', 'other', open)).toBe(false);
    expect(openExternalIfSafe('file:///etc/passwd', 'foreground-tab', open)).toBe(false);
    expect(openExternalIfSafe('javascript:alert(1)', 'new-window', open)).toBe(false);
    expect(openExternalIfSafe('not a url', 'new-window', open)).toBe(false);
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('tray', () => {
  it('shows the number of payments waiting for confirmation', () => {
    expect(trayStatus(0)).toEqual({
      tooltip: 'ArcFlux',
      title: '',
      item: 'No payments waiting for confirmation',
    });
    expect(trayStatus(2).tooltip).toBe('ArcFlux: 2 payments waiting for your confirmation');
    const tray = {
      setToolTip: vi.fn(),
      setTitle: vi.fn(),
      setContextMenu: vi.fn(),
      on: vi.fn(),
      destroy: vi.fn(),
    };
    const quit = vi.fn();
    const controller = createTrayController({
      tray,
      buildMenu: (items) => items,
      showWindow: vi.fn(),
      quit,
    });
    controller.setPending(1);
    expect(tray.setTitle).toHaveBeenLastCalledWith('1');
    const menu = tray.setContextMenu.mock.lastCall?.[0] as { label: string; click?: () => void }[];
    expect(menu.map((item) => item.label)).toEqual([
      '1 payment waiting for confirmation…',
      'Open ArcFlux',
      '',
      'Quit ArcFlux',
    ]);
    menu[3]?.click?.();
    expect(quit).toHaveBeenCalled();
  });

  it('recounts when payments change, once per burst', async () => {
    let total = 0;
    const { core, calls, emit } = fakeCore(() => ({
      ok: true,
      data: { items: [], total, offset: 0, limit: 1 },
    }));
    const counts: number[] = [];
    const stop = watchPendingConfirmations(core, (count) => counts.push(count), 10);
    await vi.waitFor(() => expect(counts).toEqual([0]));
    total = 3;
    emit('payment:changed', {});
    emit('payment:changed', {});
    await vi.waitFor(() => expect(counts).toEqual([0, 3]));
    expect(calls).toHaveLength(2);
    expect(calls[0]?.[1]).toEqual({ status: 'pending_confirmation', limit: 1 });
    stop();
  });
});

describe('OS notifications', () => {
  it('shows desktop-channel notifications and focuses the window on click', () => {
    const { core, emit } = fakeCore(() => ({ ok: true, data: null }));
    const shown: { title: string; silent: boolean; click?: () => void }[] = [];
    const onClick = vi.fn();
    forwardDesktopNotifications(core, {
      isSupported: () => true,
      create: (options) => {
        const entry: { title: string; silent: boolean; click?: () => void } = {
          title: options.title,
          silent: options.silent,
        };
        shown.push(entry);
        return {
          show: () => undefined,
          on: (_event, listener) => {
            entry.click = listener;
          },
        };
      },
      onClick,
    });
    emit('notification:desktop', {
      notification: { kind: 'executed', title: 'Paid 5.00 USDC', body: '' },
    });
    emit('notification:desktop', {
      notification: { kind: 'failed', title: 'Payment failed', body: '' },
    });
    expect(shown).toEqual([
      expect.objectContaining({ title: 'Paid 5.00 USDC', silent: true }),
      expect.objectContaining({ title: 'Payment failed', silent: false }),
    ]);
    shown[1]?.click?.();
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ kind: 'failed' }));
  });
});

describe('resume', () => {
  it('runs the scheduler when the machine wakes or is unlocked, one check at a time', async () => {
    const { core, calls } = fakeCore(() => ({
      ok: true,
      data: { ranAt: '2026-11-27T08:00:00.000Z', executed: [], failed: [], missed: [] },
    }));
    const power = new EventEmitter();
    const stop = checkSchedulerOnResume(power, core, () => undefined);
    power.emit('resume');
    power.emit('unlock-screen');
    await vi.waitFor(() => expect(calls).toEqual([['scheduler:tick', {}]]));
    // Once that check has finished, the next wake runs another.
    await new Promise((resolve) => setTimeout(resolve, 0));
    power.emit('unlock-screen');
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    stop();
    power.emit('resume');
    expect(power.listenerCount('resume')).toBe(0);
  });
});

describe('global push-to-talk shortcut', () => {
  it('registers, and explains a taken or malformed shortcut', () => {
    const toggle = vi.fn();
    const registered: string[] = [];
    const shortcuts = {
      register: (accelerator: string, callback: () => void) => {
        if (accelerator === 'Taken+X') return false;
        if (accelerator === 'Nonsense') throw new Error('bad accelerator');
        registered.push(accelerator);
        callback();
        return true;
      },
      unregister: (accelerator: string) => {
        registered.splice(registered.indexOf(accelerator), 1);
      },
    };
    const outcome = registerPushToTalkShortcut(shortcuts, 'CommandOrControl+Shift+Space', toggle);
    expect(outcome.ok).toBe(true);
    expect(toggle).toHaveBeenCalledTimes(1);
    if (outcome.ok) outcome.unregister();
    expect(registered).toEqual([]);
    expect(registerPushToTalkShortcut(shortcuts, 'Taken+X', toggle)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Another application'),
    });
    expect(registerPushToTalkShortcut(shortcuts, 'Nonsense', toggle)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a shortcut'),
    });
  });
});
