import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CircleKeyStatus } from '../../shared/contract/desktop';

/**
 * The part of Electron's safeStorage used; tests pass a fake. Only the asynchronous
 * methods: Electron 45 deprecates the synchronous ones and 46 removes them. The async
 * decryptor reads what the old synchronous encryptor wrote.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which keyring protects the key ("basic_text" means none does). */
  getSelectedStorageBackend?(): string;
}

/** Where the encrypted key lives; tests keep it in memory. */
export interface SecretFile {
  read(): Buffer | null;
  write(data: Buffer): void;
  remove(): void;
}

/** What the renderer may know about the key: the desktop channel's reply. */
export type SecretStatus = CircleKeyStatus;

export type SaveOutcome =
  { ok: true } | { ok: false; code: 'weak_protection' | 'unavailable'; message: string };

/**
 * The Circle API key, encrypted with the OS keychain through safeStorage. The renderer
 * may store, replace or forget it and ask whether one is stored; it can never read it
 * back. On Linux without a keyring Electron falls back to "basic_text", a fixed key anyone
 * can look up, so storing is refused unless the user opts in knowingly.
 */
export function createSecretStore(options: {
  safeStorage: SafeStorageLike;
  file: SecretFile;
  platform: NodeJS.Platform;
}) {
  const { safeStorage, file, platform } = options;
  const weak = () =>
    platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  const unavailable = async () =>
    (await safeStorage.isAsyncEncryptionAvailable())
      ? null
      : 'This system offers no encrypted storage to ArcFlux right now (the keychain may be locked). Unlock it or sign in again, then retry.';

  return {
    async status(): Promise<SecretStatus> {
      return {
        stored: file.read() !== null,
        weakProtection: weak(),
        unavailable: await unavailable(),
      };
    },
    async save(secret: string, acceptWeakProtection: boolean): Promise<SaveOutcome> {
      const problem = await unavailable();
      if (problem) return { ok: false, code: 'unavailable', message: problem };
      if (weak() && !acceptWeakProtection) {
        return {
          ok: false,
          code: 'weak_protection',
          message:
            'This Linux desktop has no keyring for ArcFlux (Electron reports "basic_text"), so the key would be stored under a publicly known password. Start GNOME Keyring or KWallet and restart ArcFlux, or confirm that you accept the weak protection.',
        };
      }
      file.write(await safeStorage.encryptStringAsync(secret));
      return { ok: true };
    },
    /**
     * For the main process only: the key to hand to the core's connector. When the OS has
     * rotated or strengthened its key, the secret is stored again under the new one.
     */
    async read(): Promise<string | null> {
      const data = file.read();
      if (!data || !(await safeStorage.isAsyncEncryptionAvailable())) return null;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(data);
        if (shouldReEncrypt) file.write(await safeStorage.encryptStringAsync(result));
        return result;
      } catch {
        return null;
      }
    },
    async clear(): Promise<void> {
      file.remove();
    },
  };
}

export type SecretStore = ReturnType<typeof createSecretStore>;

/** The encrypted key on disk: owner-only, written to a temporary file then renamed. */
export function secretFileAt(path: string): SecretFile {
  return {
    read() {
      try {
        return readFileSync(path);
      } catch {
        return null;
      }
    },
    write(data) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, data, { mode: 0o600 });
      renameSync(temporary, path);
    },
    remove() {
      rmSync(path, { force: true });
    },
  };
}
