import { z } from 'zod';
import { balancesSchema } from '../../../shared/contract/accounts';
import { transferPageSchema } from '../../../shared/contract/transfers';
import { settingsSchema } from '../../../shared/schemas/settings';
import { userSchema } from '../../../shared/schemas/user';
import type { AppState } from '../store/types';
import type { AppStore } from '../store/appStore';
import { DEFAULT_LEDGER_QUERY, hasLedgerFilters, LEDGER_PAGE_SIZE } from '../store/ledgerSlice';
import type { KeyValueStorage } from '../store/types';

/**
 * The last history synced from the household server, so an app started while the server
 * can't be reached still shows it (read-only, under the offline banner). Kept in local
 * storage, never with the token, and forgotten on Disconnect.
 */
export const LAST_SYNC_KEY = 'arcflux.household.lastSync';

/** Read back like any other boundary: a snapshot that doesn't fit is ignored, not guessed at. */
const lastSyncSchema = z
  .object({
    url: z.string(),
    settings: settingsSchema,
    users: z.array(userSchema),
    balance: balancesSchema,
    /** The first page of the ledger, unfiltered, as listed or grouped by payment. */
    ledger: transferPageSchema,
  })
  .strict();
type LastSync = z.infer<typeof lastSyncSchema>;

/**
 * Shows the last synced history of the household server the app starts connected to, then
 * keeps that snapshot current while the server is live. Returns the unsubscribe function.
 */
export function keepLastSync(store: AppStore, storage: KeyValueStorage | null): () => void {
  if (!storage) return () => undefined;
  restore(store, storage);
  return store.subscribe((state, previous) => {
    if (previous.household && !state.household) {
      // Disconnected: the household's history does not stay behind on this computer.
      storage.setItem(LAST_SYNC_KEY, '');
      return;
    }
    if (!changed(state, previous)) return;
    const snapshot = snapshotOf(state);
    if (snapshot) storage.setItem(LAST_SYNC_KEY, JSON.stringify(snapshot));
  });
}

function restore(store: AppStore, storage: KeyValueStorage): void {
  const household = store.getState().household;
  if (!household) return;
  const parsed = lastSyncSchema.safeParse(parseJson(storage.getItem(LAST_SYNC_KEY)));
  if (!parsed.success || parsed.data.url !== household.url) return;
  const { settings, users, balance, ledger } = parsed.data;
  store.setState({
    settings,
    settingsStatus: 'ready',
    users,
    userNames: Object.fromEntries(users.map((user) => [user.id, user.displayName])),
    directoryStatus: 'ready',
    balances: balance.balances,
    balanceUserId: balance.userId,
    balanceStatus: 'ready',
    ledgerQuery: { ...DEFAULT_LEDGER_QUERY, groupBy: ledger.groupBy },
    ledgerPages: { 0: ledger.items },
    ledgerTotal: ledger.total,
    ledgerStatus: 'ready',
  });
}

function changed(state: AppState, previous: AppState): boolean {
  return (
    state.settings !== previous.settings ||
    state.users !== previous.users ||
    state.balances !== previous.balances ||
    state.ledgerPages !== previous.ledgerPages ||
    state.connection !== previous.connection
  );
}

/** What the server last said, or null while anything on screen is not from it, live. */
function snapshotOf(state: AppState): LastSync | null {
  const { household, settings, balanceUserId, ledgerQuery } = state;
  const first = state.ledgerPages[0];
  if (!household || state.connection !== 'live' || !settings || !balanceUserId || !first) {
    return null;
  }
  const unfiltered =
    !hasLedgerFilters(ledgerQuery) && ledgerQuery.sort === DEFAULT_LEDGER_QUERY.sort;
  if (!unfiltered || state.ledgerStatus !== 'ready' || state.directoryStatus !== 'ready') {
    return null;
  }
  const ledger = transferPageSchema.safeParse({
    groupBy: ledgerQuery.groupBy,
    items: first,
    total: state.ledgerTotal,
    offset: 0,
    limit: LEDGER_PAGE_SIZE,
  });
  if (!ledger.success) return null;
  return {
    url: household.url,
    settings,
    users: state.users,
    balance: { userId: balanceUserId, balances: state.balances },
    ledger: ledger.data,
  };
}

function parseJson(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
