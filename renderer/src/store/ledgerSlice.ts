import type { ErrorBody } from '../../../shared/errors';
import type { Payment, PaymentStatus } from '../../../shared/schemas/payment';
import type { LoadStatus, SliceCreator } from './types';

export interface LedgerQuery {
  status: PaymentStatus | 'all';
  /** Free text, searched by the core over recipient, memo, id and the original command. */
  search: string;
}

export interface LedgerSlice {
  payments: Payment[];
  /** How many payments match the query; may exceed `payments.length` (one page is shown). */
  paymentsTotal: number;
  ledgerQuery: LedgerQuery;
  ledgerStatus: LoadStatus;
  /** True while a newer list is on its way and the rows on screen may be out of date. */
  ledgerRefreshing: boolean;
  ledgerError: ErrorBody | null;
  setLedgerQuery(patch: Partial<LedgerQuery>): void;
  loadPayments(): Promise<void>;
  receivePayment(payment: Payment): void;
}

export const LEDGER_PAGE_SIZE = 100;

export const createLedgerSlice: SliceCreator<LedgerSlice> = (client) => (set, get) => {
  let latestRequest = 0;
  return {
    payments: [],
    paymentsTotal: 0,
    ledgerQuery: { status: 'all', search: '' },
    ledgerStatus: 'idle',
    ledgerRefreshing: false,
    ledgerError: null,
    setLedgerQuery(patch) {
      set({ ledgerQuery: { ...get().ledgerQuery, ...patch } });
      void get().loadPayments();
    },
    async loadPayments() {
      const request = ++latestRequest;
      const hasRows = get().ledgerStatus === 'ready';
      set(hasRows ? { ledgerRefreshing: true } : { ledgerStatus: 'loading' });
      const userId = get().settings?.actingUserId;
      if (!userId) {
        set({
          ledgerStatus: 'error',
          ledgerRefreshing: false,
          ledgerError: get().settingsError ?? {
            code: 'unavailable',
            message:
              "ArcFlux could not tell whose payments to show because its settings didn't load. Retry.",
          },
        });
        return;
      }
      const { status, search } = get().ledgerQuery;
      const result = await client.call('payments:list', {
        userId,
        ...(status === 'all' ? {} : { status }),
        ...(search.trim() ? { q: search.trim() } : {}),
        sort: '-createdAt',
        limit: LEDGER_PAGE_SIZE,
      });
      if (request !== latestRequest) return;
      if (result.ok) {
        set({
          payments: result.data.items,
          paymentsTotal: result.data.total,
          ledgerStatus: 'ready',
          ledgerRefreshing: false,
          ledgerError: null,
        });
      } else {
        set({
          ledgerStatus: hasRows ? 'ready' : 'error',
          ledgerRefreshing: false,
          ledgerError: result.error,
        });
      }
    },
    receivePayment(payment) {
      const { payments, ledgerQuery, settings } = get();
      if (settings && payment.userId !== settings.actingUserId) return;
      const index = payments.findIndex((current) => current.id === payment.id);
      if (index === -1) {
        // A new payment: the core knows where it sorts and whether the search matches it.
        void get().loadPayments();
        return;
      }
      const stillMatches = ledgerQuery.status === 'all' || ledgerQuery.status === payment.status;
      set({
        payments: stillMatches
          ? payments.with(index, payment)
          : payments.filter((current) => current.id !== payment.id),
        paymentsTotal: stillMatches ? get().paymentsTotal : get().paymentsTotal - 1,
      });
    },
  };
};
