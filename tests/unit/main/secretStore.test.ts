import { describe, expect, it } from 'vitest';
import { registerDesktopIpc } from '../../../electron/main/desktopIpc';
import {
  createSecretStore,
  type SafeStorageLike,
  type SecretFile,
} from '../../../electron/main/secretStore';

/** safeStorage stand-in: "encrypts" by reversing, and reports the backend it is given. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...text].reverse().join('')),
    decryptString: (data) => [...data.toString()].reverse().join(''),
    getSelectedStorageBackend: () => backend,
  };
}

function memoryFile(): SecretFile & { data: Buffer | null } {
  const file = {
    data: null as Buffer | null,
    read: () => file.data,
    write: (data: Buffer) => {
      file.data = data;
    },
    remove: () => {
      file.data = null;
    },
  };
  return file;
}

describe('Circle key storage', () => {
  it('stores the key encrypted and reads it back for the main process only', () => {
    const file = memoryFile();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      file,
      platform: 'linux',
    });
    expect(store.status()).toEqual({ stored: false, weakProtection: false, unavailable: null });
    expect(store.save('sk_test_123456', false)).toEqual({ ok: true });
    expect(file.data?.toString()).toBe('654321_tset_ks');
    expect(store.read()).toBe('sk_test_123456');
    expect(store.status().stored).toBe(true);
    store.clear();
    expect(store.read()).toBeNull();
  });

  it("refuses Linux's basic_text fallback unless the user accepts it", () => {
    const file = memoryFile();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file,
      platform: 'linux',
    });
    expect(store.status().weakProtection).toBe(true);
    const refused = store.save('sk_test_123456', false);
    expect(refused).toMatchObject({ ok: false, code: 'weak_protection' });
    expect(file.data).toBeNull();
    expect(store.save('sk_test_123456', true)).toEqual({ ok: true });
    // The same backend name means nothing on other systems.
    const mac = createSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file: memoryFile(),
      platform: 'darwin',
    });
    expect(mac.status().weakProtection).toBe(false);
  });

  it('says so when the keychain is unavailable', () => {
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('kwallet', false),
      file: memoryFile(),
      platform: 'linux',
    });
    expect(store.save('sk_test_123456', true)).toMatchObject({ ok: false, code: 'unavailable' });
    expect(store.status().unavailable).toContain('keychain');
  });
});

describe('the desktop IPC channel', () => {
  function setUp(trusted: boolean) {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file: memoryFile(),
      platform: 'linux',
    });
    registerDesktopIpc(
      {
        handle: (channel, listener) => handlers.set(channel, listener),
        removeHandler: (channel) => handlers.delete(channel),
      },
      store,
      () => trusted,
    );
    const handler = handlers.get('arcflux:desktop');
    if (!handler) throw new Error('not registered');
    return { handler, store };
  }

  it('refuses a forged sender before reading the request', async () => {
    const { handler, store } = setUp(false);
    await expect(
      handler({}, { action: 'circleKey:save', key: 'sk_test_123456', acceptWeakProtection: true }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(store.status().stored).toBe(false);
  });

  it('parses the request and never returns the key', async () => {
    const { handler } = setUp(true);
    await expect(handler({}, { action: 'circleKey:read' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await expect(
      handler({}, { action: 'circleKey:save', key: 'short', acceptWeakProtection: true }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expect(
      handler({}, { action: 'circleKey:save', key: 'sk_test_123456', acceptWeakProtection: false }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const saved = await handler(
      {},
      {
        action: 'circleKey:save',
        key: 'sk_test_123456',
        acceptWeakProtection: true,
      },
    );
    expect(saved).toEqual({
      ok: true,
      data: { stored: true, weakProtection: true, unavailable: null },
    });
    expect(JSON.stringify(saved)).not.toContain('sk_test');
  });
});
