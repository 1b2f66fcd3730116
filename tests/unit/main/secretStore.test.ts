import { describe, expect, it } from 'vitest';
import { registerDesktopIpc } from '../../../electron/main/desktopIpc';
import {
  createSecretStore,
  type SafeStorageLike,
  type SecretFile,
} from '../../../electron/main/secretStore';

/**
 * safeStorage stand-in: "encrypts" by reversing, prefixed with the key generation it used,
 * and reports the backend it is given. Raising `generation` plays a rotated OS key.
 */
function fakeSafeStorage(backend: string, available = true) {
  const fake: SafeStorageLike & { generation: number } = {
    generation: 1,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text: string) =>
      Buffer.from(`v${fake.generation}:${[...text].reverse().join('')}`),
    decryptStringAsync: async (data: Buffer) => {
      const [version, reversed = ''] = data.toString().split(':');
      return {
        result: [...reversed].reverse().join(''),
        shouldReEncrypt: version !== `v${fake.generation}`,
      };
    },
    getSelectedStorageBackend: () => backend,
  };
  return fake;
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
  it('stores the key encrypted and reads it back for the main process only', async () => {
    const file = memoryFile();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      file,
      platform: 'linux',
    });
    expect(await store.status()).toEqual({
      stored: false,
      weakProtection: false,
      unavailable: null,
    });
    expect(await store.save('sk_test_123456', false)).toEqual({ ok: true });
    expect(file.data?.toString()).toBe('v1:654321_tset_ks');
    expect(await store.read()).toBe('sk_test_123456');
    expect((await store.status()).stored).toBe(true);
    await store.clear();
    expect(await store.read()).toBeNull();
  });

  it('stores the key again under a rotated OS key when it is read', async () => {
    const file = memoryFile();
    const safeStorage = fakeSafeStorage('gnome_libsecret');
    const store = createSecretStore({ safeStorage, file, platform: 'linux' });
    await store.save('sk_test_123456', false);
    safeStorage.generation = 2;
    expect(await store.read()).toBe('sk_test_123456');
    expect(file.data?.toString()).toBe('v2:654321_tset_ks');
    expect(await store.read()).toBe('sk_test_123456');
  });

  it("refuses Linux's basic_text fallback unless the user accepts it", async () => {
    const file = memoryFile();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file,
      platform: 'linux',
    });
    expect((await store.status()).weakProtection).toBe(true);
    const refused = await store.save('sk_test_123456', false);
    expect(refused).toMatchObject({ ok: false, code: 'weak_protection' });
    expect(file.data).toBeNull();
    expect(await store.save('sk_test_123456', true)).toEqual({ ok: true });
    // The same backend name means nothing on other systems.
    const mac = createSecretStore({
      safeStorage: fakeSafeStorage('basic_text'),
      file: memoryFile(),
      platform: 'darwin',
    });
    expect((await mac.status()).weakProtection).toBe(false);
  });

  it('says so when the keychain is unavailable', async () => {
    const file = memoryFile();
    const store = createSecretStore({
      safeStorage: fakeSafeStorage('kwallet', false),
      file,
      platform: 'linux',
    });
    expect(await store.save('sk_test_123456', true)).toMatchObject({
      ok: false,
      code: 'unavailable',
    });
    expect(file.data).toBeNull();
    expect((await store.status()).unavailable).toContain('keychain');
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
    expect((await store.status()).stored).toBe(false);
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
