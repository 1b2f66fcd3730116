import type { ErrorBody } from '../../../shared/errors';
import { CURRENCIES } from '../../../shared/money';
import type { Balance } from '../../../shared/schemas/balance';
import type { CombinedBalance } from '../../../shared/schemas/market';
import type { LoadStatus, SliceCreator } from './types';

export interface BalanceSlice {
  /** The acting user's balances, one per currency, in CURRENCIES order. */
  balances: Balance[];
  balanceUserId: string | null;
  balanceStatus: LoadStatus;
  balanceError: ErrorBody | null;
  /**
   * The balances added up in the default currency at the market rate, as the core worked
   * it out (approximate, with the rate); null until loaded or when it could not be.
   */
  combinedBalance: CombinedBalance | null;
  loadBalances(): Promise<void>;
  loadCombinedBalance(): Promise<void>;
  receiveBalance(balance: Balance): void;
}

export const createBalanceSlice: SliceCreator<BalanceSlice> =
  ({ client }) =>
  (set, get) => {
    // Only the newest request may write: an older reply arriving late is dropped.
    let latestRequest = 0;
    let latestCombined = 0;
    return {
      combinedBalance: null,
      balances: [],
      balanceUserId: null,
      balanceStatus: 'idle',
      balanceError: null,
      async loadBalances() {
        const request = ++latestRequest;
        if (get().balanceStatus !== 'ready') set({ balanceStatus: 'loading' });
        const userId = get().settings?.actingUserId;
        const result = await client.call('balance:get', userId ? { userId } : {});
        if (request !== latestRequest) return;
        if (result.ok) {
          set({
            balances: sortByCurrency(result.data.balances),
            balanceUserId: result.data.userId,
            balanceStatus: 'ready',
            balanceError: null,
          });
          await get().loadCombinedBalance();
        } else {
          set({
            balanceStatus: get().balanceStatus === 'ready' ? 'ready' : 'error',
            balanceError: result.error,
          });
        }
      },
      async loadCombinedBalance() {
        const request = ++latestCombined;
        const userId = get().balanceUserId;
        const result = await client.call('balance:combined', userId ? { userId } : {});
        if (request !== latestCombined) return;
        // The total is a convenience beside the exact per-currency cards: when it can't be
        // loaded it is left out rather than shown out of date.
        set({ combinedBalance: result.ok ? result.data : null });
      },
      receiveBalance(balance) {
        if (balance.userId !== get().balanceUserId) return;
        const others = get().balances.filter((current) => current.currency !== balance.currency);
        set({ balances: sortByCurrency([...others, balance]) });
      },
    };
  };

function sortByCurrency(balances: Balance[]): Balance[] {
  return [...balances].sort(
    (left, right) => CURRENCIES.indexOf(left.currency) - CURRENCIES.indexOf(right.currency),
  );
}
