import type { ErrorBody } from '../../../shared/errors';
import type { HouseholdConnection } from '../../../shared/schemas/household';
import type { HouseholdCheck } from '../household/checkServer';
import type { Kept } from '../household/householdMemory';
import type { HouseholdSwitcher } from '../household/householdSwitcher';
import type { AppState, SliceCreator } from './types';

export interface HouseholdSlice {
  /** The household server the app talks to (its origin), or null for the local core. */
  household: { url: string } | null;
  /** How the token of the connection made in this window is kept; null when not known. */
  householdKept: Kept | null;
  /**
   * The household server answers again after it could not be reached (everything was
   * reloaded from it); the banner says so until dismissed or the server goes again.
   */
  householdBack: boolean;
  setHouseholdBack(back: boolean): void;
  /** Whether this app can connect to a household server at all (false in bare tests). */
  householdAvailable: boolean;
  checkHousehold(input: { url: string; token: string }): Promise<HouseholdCheck>;
  connectHousehold(
    connection: HouseholdConnection,
  ): Promise<{ ok: true; kept: Kept } | { ok: false; error: ErrorBody }>;
  disconnectHousehold(): Promise<void>;
}

/**
 * Paying, confirming and changing payments need the household server live: while it can't
 * be reached the history on screen is the last one synced, shown read-only.
 */
export function isReadOnly(state: Pick<AppState, 'household' | 'connection'>): boolean {
  return state.household !== null && state.connection !== 'live';
}

const NO_SWITCHER: HouseholdSwitcher = {
  check: async () => ({ ok: false, problem: 'unreachable' }),
  connect: async () => ({
    ok: false,
    error: { code: 'unavailable', message: 'This window cannot connect to a household server.' },
  }),
  disconnect: async () => undefined,
};

export const createHouseholdSlice: SliceCreator<HouseholdSlice> =
  ({ client, household }) =>
  (set) => {
    const switcher = household ?? NO_SWITCHER;
    return {
      household: client.household ?? null,
      householdKept: null,
      householdBack: false,
      setHouseholdBack(back) {
        set({ householdBack: back });
      },
      householdAvailable: household !== null,
      checkHousehold: (input) => switcher.check(input),
      async connectHousehold(connection) {
        const outcome = await switcher.connect(connection);
        if (outcome.ok) {
          // A refusal by the previous server says nothing about this one.
          set({
            household: { url: connection.url },
            householdKept: outcome.kept,
            signedOut: null,
            connection: 'connecting',
          });
        }
        return outcome;
      },
      async disconnectHousehold() {
        await switcher.disconnect();
        set({ household: null, householdKept: null, signedOut: null });
      },
    };
  };
