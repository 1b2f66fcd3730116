import type { HouseholdStatus } from '../../shared/contract/desktop';
import {
  householdConnectionSchema,
  type HouseholdConnection,
} from '../../shared/schemas/household';
import type { SecretStore } from './secretStore';

/**
 * The household server the window connects to and the user's personal token. The pair is
 * encrypted with the OS keychain (safeStorage, through a SecretStore of its own file), so
 * the token is never in a settings file in clear. Where the system has no keyring (Linux
 * "basic_text") or encryption is unavailable, it is kept in memory for this run only: the
 * user connects again after a restart rather than leaving a readable token on disk.
 */
export function createHouseholdStore(secrets: Pick<SecretStore, 'save' | 'read' | 'clear'>) {
  let unsaved: HouseholdConnection | null = null;

  const recall = async (): Promise<HouseholdStatus> => {
    if (unsaved) return { connection: unsaved, kept: 'session' };
    const stored = await secrets.read();
    if (stored === null) return { connection: null, kept: null };
    const parsed = householdConnectionSchema.safeParse(parseJson(stored));
    // A file from another version, or damaged: connect again rather than guess.
    return parsed.success
      ? { connection: parsed.data, kept: 'encrypted' }
      : { connection: null, kept: null };
  };

  return {
    recall,
    async save(connection: HouseholdConnection): Promise<HouseholdStatus> {
      const outcome = await secrets.save(JSON.stringify(connection), false);
      if (outcome.ok) {
        unsaved = null;
        return { connection, kept: 'encrypted' };
      }
      await secrets.clear();
      unsaved = connection;
      return { connection, kept: 'session' };
    },
    async clear(): Promise<HouseholdStatus> {
      unsaved = null;
      await secrets.clear();
      return { connection: null, kept: null };
    },
  };
}

export type HouseholdStore = ReturnType<typeof createHouseholdStore>;

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
