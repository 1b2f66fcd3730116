import type { HouseholdConnection } from '../../../shared/schemas/household';
import type { ErrorBody } from '../../../shared/errors';
import type { Bridge } from '../bridge/bridge';
import { checkHouseholdServer, type HouseholdCheck } from './checkServer';
import type { HouseholdMemory, Kept } from './householdMemory';
import type { SwitchableBridge } from './switchableBridge';

/** What Settings may do about the household server; the store gets it injected. */
export interface HouseholdSwitcher {
  check(input: { url: string; token: string }): Promise<HouseholdCheck>;
  /** Keeps the connection and points the app's client at that server. */
  connect(
    connection: HouseholdConnection,
  ): Promise<{ ok: true; kept: Kept } | { ok: false; error: ErrorBody }>;
  /** Forgets it and points the client back at the local core (or this page's server). */
  disconnect(): Promise<void>;
}

export function createHouseholdSwitcher(options: {
  client: SwitchableBridge;
  memory: HouseholdMemory;
  local(): Bridge;
  remote(connection: HouseholdConnection): Bridge;
  fetch: typeof fetch;
}): HouseholdSwitcher {
  const { client, memory } = options;
  return {
    check: (input) => checkHouseholdServer(input, options.fetch),
    async connect(connection) {
      const kept = await memory.remember(connection);
      if (!kept.ok) return kept;
      client.switchTo(options.remote(connection));
      return kept;
    },
    async disconnect() {
      await memory.forget();
      client.switchTo(options.local());
    },
  };
}
