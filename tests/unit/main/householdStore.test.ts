import { describe, expect, it } from 'vitest';
import { createHouseholdStore } from '../../../electron/main/householdStore';
import { createSecretStore, type SafeStorageLike } from '../../../electron/main/secretStore';

const connection = { url: 'https://arcflux.example.org', token: 'personal-token-0123456789' };

/** A reversible stand-in for the OS keychain, so the test sees what lands on disk. */
function keychain(backend: string): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: async (text) => Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`),
    decryptStringAsync: async (data) => ({
      result: Buffer.from(data.toString().replace(/^sealed:/, ''), 'hex').toString(),
      shouldReEncrypt: false,
    }),
    getSelectedStorageBackend: () => backend,
  };
}

function memoryFile() {
  let data: Buffer | null = null;
  return {
    read: () => data,
    write: (next: Buffer) => (data = next),
    remove: () => (data = null),
    contents: () => data?.toString() ?? null,
  };
}

describe('the household connection in the desktop app', () => {
  it('keeps it encrypted across starts, never the token in clear', async () => {
    const file = memoryFile();
    const secrets = () =>
      createSecretStore({ safeStorage: keychain('gnome_libsecret'), file, platform: 'linux' });
    const saved = await createHouseholdStore(secrets()).save(connection);
    expect(saved).toEqual({ connection, kept: 'encrypted' });
    expect(file.contents()).not.toContain(connection.token);
    // A new run of the app reads it back.
    expect(await createHouseholdStore(secrets()).recall()).toEqual({
      connection,
      kept: 'encrypted',
    });
    expect(await createHouseholdStore(secrets()).clear()).toEqual({ connection: null, kept: null });
    expect(file.contents()).toBeNull();
  });

  it('keeps it for this run only where Linux has no keyring, writing nothing', async () => {
    const file = memoryFile();
    const secrets = () =>
      createSecretStore({ safeStorage: keychain('basic_text'), file, platform: 'linux' });
    const store = createHouseholdStore(secrets());
    expect(await store.save(connection)).toEqual({ connection, kept: 'session' });
    expect(await store.recall()).toEqual({ connection, kept: 'session' });
    expect(file.contents()).toBeNull();
    expect(await createHouseholdStore(secrets()).recall()).toEqual({
      connection: null,
      kept: null,
    });
  });

  it('reads a damaged file as no connection rather than guessing one', async () => {
    const file = memoryFile();
    const safeStorage = keychain('gnome_libsecret');
    file.write(await safeStorage.encryptStringAsync('{"url":"http://192.168.1.2","token":"x"}'));
    const store = createHouseholdStore(createSecretStore({ safeStorage, file, platform: 'linux' }));
    expect(await store.recall()).toEqual({ connection: null, kept: null });
  });
});
