import { describe, expect, it, vi } from 'vitest';
import { registerDesktopIpc } from '../../../electron/main/desktopIpc';
import {
  createPushToTalkShortcut,
  DEFAULT_PUSH_TO_TALK,
} from '../../../electron/main/pushToTalkShortcut';
import { createSecretStore } from '../../../electron/main/secretStore';
import { parseUiSettings } from '../../../electron/main/uiSettings';

// electron-store loads Electron itself; parsing what is on disk needs neither.
vi.mock('electron-store', () => ({ default: class {} }));

/** Electron's globalShortcut as far as we use it: one app's registrations, some keys taken. */
function fakeGlobalShortcut() {
  const registered = new Map<string, () => void>();
  return {
    registered,
    register: (accelerator: string, callback: () => void) => {
      if (accelerator === 'Alt+Taken') return false;
      if (accelerator === 'Nonsense') throw new Error('conversion failure');
      if (registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator: string) => {
      registered.delete(accelerator);
    },
    press: (accelerator: string) => registered.get(accelerator)?.(),
  };
}

describe('the live push-to-talk shortcut', () => {
  it('moves to a new accelerator and keeps the old one when the new one is refused', () => {
    const keys = fakeGlobalShortcut();
    const toggle = vi.fn();
    const { shortcut, startup } = createPushToTalkShortcut(keys, DEFAULT_PUSH_TO_TALK, toggle);
    expect(startup).toEqual({ ok: true });
    expect(shortcut.change('Alt+Shift+K')).toEqual({ ok: true });
    expect([...keys.registered.keys()]).toEqual(['Alt+Shift+K']);
    keys.press('Alt+Shift+K');
    expect(toggle).toHaveBeenCalledTimes(1);

    expect(shortcut.change('Alt+Taken')).toMatchObject({
      ok: false,
      reason: 'taken',
      message: expect.stringContaining('Another application already uses Alt+Taken'),
    });
    expect(shortcut.change('Nonsense')).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: expect.stringContaining('"Nonsense" is not a shortcut Electron understands'),
    });
    expect(shortcut.current()).toBe('Alt+Shift+K');
    expect([...keys.registered.keys()]).toEqual(['Alt+Shift+K']);
    expect(shortcut.change('Alt+Shift+K')).toEqual({ ok: true });

    shortcut.dispose();
    expect(keys.registered.size).toBe(0);
  });

  it('reports a start-up shortcut that is taken, and can still be given a free one', () => {
    const keys = fakeGlobalShortcut();
    const { shortcut, startup } = createPushToTalkShortcut(keys, 'Alt+Taken', () => undefined);
    expect(startup).toMatchObject({ ok: false, reason: 'taken' });
    expect(shortcut.current()).toBe('Alt+Taken');
    expect(shortcut.change('Alt+Taken')).toMatchObject({ ok: false, reason: 'taken' });
    expect(shortcut.change('F9')).toEqual({ ok: true });
    expect([...keys.registered.keys()]).toEqual(['F9']);
  });
});

describe('push-to-talk over the desktop IPC channel', () => {
  function setUp(trusted: boolean, save = vi.fn()) {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const keys = fakeGlobalShortcut();
    const { shortcut } = createPushToTalkShortcut(keys, DEFAULT_PUSH_TO_TALK, () => undefined);
    const secrets = createSecretStore({
      safeStorage: {
        isAsyncEncryptionAvailable: async () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptStringAsync: async (text: string) => Buffer.from(text),
        decryptStringAsync: async (buffer: Buffer) => ({
          result: buffer.toString(),
          shouldReEncrypt: false,
        }),
      },
      file: { read: () => null, write: () => undefined, remove: () => undefined },
      platform: 'linux',
    });
    registerDesktopIpc(
      {
        handle: (channel, listener) => handlers.set(channel, listener),
        removeHandler: (channel) => handlers.delete(channel),
      },
      secrets,
      () => trusted,
      { shortcut, save },
    );
    const handler = handlers.get('arcflux:desktop');
    if (!handler) throw new Error('not registered');
    return { handler, keys, save };
  }

  it('refuses a forged sender before touching the shortcut', async () => {
    const { handler, keys, save } = setUp(false);
    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: 'Alt+Shift+K' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(handler({}, { action: 'pushToTalk:get' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect([...keys.registered.keys()]).toEqual([DEFAULT_PUSH_TO_TALK]);
    expect(save).not.toHaveBeenCalled();
  });

  it('reads, changes and persists the shortcut, and keeps the old one when refused', async () => {
    const { handler, keys, save } = setUp(true);
    await expect(handler({}, { action: 'pushToTalk:get' })).resolves.toEqual({
      ok: true,
      data: { accelerator: DEFAULT_PUSH_TO_TALK },
    });
    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: ' Alt+Shift+K ' }),
    ).resolves.toEqual({ ok: true, data: { accelerator: 'Alt+Shift+K' } });
    expect(save).toHaveBeenCalledWith('Alt+Shift+K');
    expect([...keys.registered.keys()]).toEqual(['Alt+Shift+K']);

    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: 'Alt+Taken' }),
    ).resolves.toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'Another application already uses Alt+Taken, so push-to-talk has no global shortcut. Pick another one in Settings.',
      },
    });
    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: 'Nonsense' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Malformed before Electron sees it: the same message, from the zod check.
    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: 'Ctrl + K' }),
    ).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: `"Ctrl + K" is not a shortcut Electron understands. Use a form such as ${DEFAULT_PUSH_TO_TALK}.`,
      },
    });
    for (const raw of [
      { action: 'pushToTalk:set', accelerator: '' },
      { action: 'pushToTalk:set', accelerator: 42 },
      { action: 'pushToTalk:set', accelerator: 'A+'.repeat(60) + 'B' },
      { action: 'pushToTalk:set', accelerator: 'Alt+K', extra: true },
    ]) {
      await expect(handler({}, raw)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(save).toHaveBeenCalledTimes(1);
    expect([...keys.registered.keys()]).toEqual(['Alt+Shift+K']);
    await expect(handler({}, { action: 'pushToTalk:get' })).resolves.toEqual({
      ok: true,
      data: { accelerator: 'Alt+Shift+K' },
    });
  });

  it('says so when a working shortcut could not be saved', async () => {
    const { handler, keys } = setUp(
      true,
      vi.fn(() => {
        throw new Error('EACCES');
      }),
    );
    await expect(
      handler({}, { action: 'pushToTalk:set', accelerator: 'F9' }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('could not save it') },
    });
    expect([...keys.registered.keys()]).toEqual(['F9']);
  });
});

describe('the stored push-to-talk shortcut', () => {
  it('falls back to the default when the stored value is missing or malformed', () => {
    expect(parseUiSettings({}).pushToTalk).toBe(DEFAULT_PUSH_TO_TALK);
    expect(parseUiSettings({ pushToTalk: 'Ctrl + K' }).pushToTalk).toBe(DEFAULT_PUSH_TO_TALK);
    expect(parseUiSettings({ pushToTalk: 'Alt+Shift+K', theme: 'dark' })).toMatchObject({
      pushToTalk: 'Alt+Shift+K',
      theme: 'dark',
    });
  });
});
