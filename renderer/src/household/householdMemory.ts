import {
  householdConnectionSchema,
  type HouseholdConnection,
} from '../../../shared/schemas/household';
import { householdStatusSchema, type HouseholdKept } from '../../../shared/contract/desktop';
import type { ErrorBody } from '../../../shared/errors';
import type { ArcfluxDesktopApi } from '../arcflux';
import { parseDesktopReply } from '../bridge/envelope';
import type { TokenStorage } from '../bridge/session';

/**
 * Where the chosen household server and its token are kept between starts:
 * - `encrypted`: the desktop app, through the main process, encrypted with the OS keychain
 *   (Electron's safeStorage), never in a settings file;
 * - `session`: only as long as this tab (browser mode) or this run (a desktop without a
 *   keyring), so a token never lands on disk in the clear.
 */
export type Kept = HouseholdKept;

export interface HouseholdMemory {
  recall(): Promise<HouseholdConnection | null>;
  remember(
    connection: HouseholdConnection,
  ): Promise<{ ok: true; kept: Kept } | { ok: false; error: ErrorBody }>;
  forget(): Promise<void>;
}

/** sessionStorage, like the tab's own session token: no other tab, and no restart, sees it. */
export const HOUSEHOLD_KEY = 'arcflux.household';

export function tabMemory(storage: TokenStorage): HouseholdMemory {
  return {
    async recall() {
      const raw = storage.getItem(HOUSEHOLD_KEY);
      if (raw === null) return null;
      const parsed = householdConnectionSchema.safeParse(parseJson(raw));
      if (parsed.success) return parsed.data;
      // Written by another version or edited by hand: connect again rather than guess.
      storage.removeItem(HOUSEHOLD_KEY);
      return null;
    },
    async remember(connection) {
      storage.setItem(HOUSEHOLD_KEY, JSON.stringify(connection));
      return { ok: true, kept: 'session' };
    },
    async forget() {
      storage.removeItem(HOUSEHOLD_KEY);
    },
  };
}

/** The desktop app: the main process keeps the connection (see electron/main/householdStore). */
export function desktopMemory(desktop: ArcfluxDesktopApi): HouseholdMemory {
  return {
    async recall() {
      const reply = parseDesktopReply(await desktop.householdConnection(), householdStatusSchema);
      return reply.ok ? reply.data.connection : null;
    },
    async remember(connection) {
      const reply = parseDesktopReply(
        await desktop.saveHouseholdConnection(connection.url, connection.token),
        householdStatusSchema,
      );
      if (!reply.ok) return reply;
      return { ok: true, kept: reply.data.kept ?? 'session' };
    },
    async forget() {
      await desktop.clearHouseholdConnection();
    },
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
