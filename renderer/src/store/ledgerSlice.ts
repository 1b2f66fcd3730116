import type { MethodInput } from '../../../shared/contract';
import type {
  Transfer,
  TransferGroup,
  TransferGrouping,
  TransferSort,
  TransferStatus,
} from '../../../shared/contract/transfers';
import type { SavedDownload } from '../../../shared/contract/streamed';
import type { ErrorBody, Result } from '../../../shared/errors';
import type { Currency } from '../../../shared/money';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import { nextDay, startOfDayInZone } from '../format/zonedTime';
import type { LoadStatus, SliceCreator } from './types';

export type LedgerSort = TransferSort;

/** One row on screen: a transfer, or (grouped) a payment with its transfers counted. */
export type LedgerItem = Transfer | TransferGroup;

/** What the ledger shows; every field is applied by the core (transfers:list). */
export interface LedgerQuery {
  /** One row per transfer, or one per payment. */
  groupBy: TransferGrouping;
  /** The transfers' status, in both views. */
  status: TransferStatus | 'all';
  /** Free text over recipient, memo, the original command, transaction id and ids. */
  search: string;
  /** A recipient's user id, or '' for everyone. */
  recipient: string;
  currency: Currency | 'all';
  /** First and last calendar day shown ("2026-11-27"), in the user's zone; '' for open. */
  from: string;
  to: string;
  sort: LedgerSort;
}

export const DEFAULT_LEDGER_QUERY: LedgerQuery = {
  groupBy: 'transfer',
  status: 'all',
  search: '',
  recipient: '',
  currency: 'all',
  from: '',
  to: '',
  sort: '-at',
};

export interface PaymentDetail {
  payment: Payment;
  executions: Execution[];
  riskAssessment: RiskAssessment | null;
}

export interface LedgerDetail {
  paymentId: string;
  status: LoadStatus;
  data: PaymentDetail | null;
  error: ErrorBody | null;
}

export interface LedgerSlice {
  ledgerQuery: LedgerQuery;
  /**
   * The rows loaded so far, by page (LEDGER_PAGE_SIZE rows each). The table asks for the
   * pages it scrolls to, so 1M transfers never all sit in memory or on the wire.
   */
  ledgerPages: Record<number, LedgerItem[]>;
  /** How many rows (transfers, or payments when grouped) match the query. */
  ledgerTotal: number;
  ledgerStatus: LoadStatus;
  /** True while a newer list is on its way and the rows on screen may be out of date. */
  ledgerRefreshing: boolean;
  ledgerError: ErrorBody | null;
  setLedgerQuery(patch: Partial<LedgerQuery>): void;
  clearLedgerFilters(): void;
  /** Reloads the rows in view for the current query. */
  loadPayments(): Promise<void>;
  /** Tells the ledger which rows are on screen; missing pages are fetched. */
  showLedgerRange(first: number, last: number): void;
  receivePayment(payment: Payment): void;

  ledgerDetail: LedgerDetail | null;
  openPaymentDetail(paymentId: string): Promise<void>;
  closePaymentDetail(): void;

  /** Rows written so far by a running export; null when none runs. */
  ledgerExport: { done: number; total: number } | null;
  /**
   * Saves every transfer matching the filters as a CSV file, streamed by the core through
   * whichever door (in both views, the file lists transfers); `ledgerExport` counts the
   * records as they are written.
   */
  downloadTransfers(): Promise<Result<SavedDownload>>;
}

export const LEDGER_PAGE_SIZE = 200;
/** Events often come in bursts (a tick settles many payments): one reload for the burst. */
const RELOAD_DELAY_MS = 120;

/** True when any filter narrows the ledger (the sort is not a filter). */
export function hasLedgerFilters(query: LedgerQuery): boolean {
  return (
    query.status !== 'all' ||
    query.search.trim() !== '' ||
    query.recipient !== '' ||
    query.currency !== 'all' ||
    query.from !== '' ||
    query.to !== ''
  );
}

/** The transfers:list input for a query, with dates turned into UTC bounds in `timeZone`. */
export function toTransferFilter(
  query: LedgerQuery,
  userId: string,
  timeZone: string,
): MethodInput<'transfers:list'> {
  const search = query.search.trim();
  return {
    userId,
    sort: query.sort,
    groupBy: query.groupBy,
    ...(query.status === 'all' ? {} : { status: query.status }),
    ...(query.recipient ? { recipient: query.recipient } : {}),
    ...(query.currency === 'all' ? {} : { currency: query.currency }),
    ...(query.from ? { from: startOfDayInZone(query.from, timeZone) } : {}),
    ...(query.to ? { to: startOfDayInZone(nextDay(query.to), timeZone) } : {}),
    ...(search ? { q: search.slice(0, 200) } : {}),
  };
}

/** The row at `index`, if its page has arrived. */
export function rowAt(pages: Record<number, LedgerItem[]>, index: number): LedgerItem | undefined {
  return pages[Math.floor(index / LEDGER_PAGE_SIZE)]?.[index % LEDGER_PAGE_SIZE];
}

export const createLedgerSlice: SliceCreator<LedgerSlice> =
  ({ client }) =>
  (set, get) => {
    // Bumped by every new query or reload: replies for an older one are dropped.
    let generation = 0;
    let inFlight = new Set<number>();
    let visible = { first: 0, last: LEDGER_PAGE_SIZE - 1 };
    let reloadTimer: ReturnType<typeof setTimeout> | undefined;
    let latestDetail = 0;

    const filter = ():
      { ok: true; base: MethodInput<'transfers:list'> } | { ok: false; error: ErrorBody } => {
      const { settings, settingsError, ledgerQuery } = get();
      if (!settings) {
        return {
          ok: false,
          error: settingsError ?? {
            code: 'unavailable',
            message:
              "ArcFlux could not tell whose payments to show because its settings didn't load. Retry.",
          },
        };
      }
      try {
        return {
          ok: true,
          base: toTransferFilter(ledgerQuery, settings.actingUserId, settings.timezone),
        };
      } catch {
        return {
          ok: false,
          error: {
            code: 'invalid_input',
            message: 'A date in the filters is not a real date. Correct it or clear it.',
          },
        };
      }
    };

    const fetchPage = (page: number, base: MethodInput<'transfers:list'>) =>
      client.call('transfers:list', {
        ...base,
        offset: page * LEDGER_PAGE_SIZE,
        limit: LEDGER_PAGE_SIZE,
      });

    const pagesInView = (): number[] => {
      const first = Math.floor(visible.first / LEDGER_PAGE_SIZE);
      const last = Math.floor(visible.last / LEDGER_PAGE_SIZE);
      return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
    };

    const scheduleReload = () => {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void get().loadPayments(), RELOAD_DELAY_MS);
    };

    return {
      ledgerQuery: DEFAULT_LEDGER_QUERY,
      ledgerPages: {},
      ledgerTotal: 0,
      ledgerStatus: 'idle',
      ledgerRefreshing: false,
      ledgerError: null,
      setLedgerQuery(patch) {
        visible = { first: 0, last: LEDGER_PAGE_SIZE - 1 };
        set({ ledgerQuery: { ...get().ledgerQuery, ...patch } });
        void get().loadPayments();
      },
      clearLedgerFilters() {
        // The sort and the grouping are how rows show, not filters: they stay.
        const { sort, groupBy } = get().ledgerQuery;
        get().setLedgerQuery({ ...DEFAULT_LEDGER_QUERY, sort, groupBy });
      },
      async loadPayments() {
        clearTimeout(reloadTimer);
        const current = ++generation;
        inFlight = new Set();
        const hasRows = get().ledgerStatus === 'ready';
        set(hasRows ? { ledgerRefreshing: true } : { ledgerStatus: 'loading' });
        const query = filter();
        if (!query.ok) {
          set({ ledgerStatus: 'error', ledgerRefreshing: false, ledgerError: query.error });
          return;
        }
        const { base } = query;
        const pages = pagesInView();
        for (const page of pages) inFlight.add(page);
        const results = await Promise.all(pages.map((page) => fetchPage(page, base)));
        if (current !== generation) return;
        inFlight = new Set();
        const failed = results.find((result) => !result.ok);
        if (failed && !failed.ok) {
          set({
            ledgerStatus: hasRows ? 'ready' : 'error',
            ledgerRefreshing: false,
            ledgerError: failed.error,
          });
          return;
        }
        const loaded: Record<number, LedgerItem[]> = {};
        let total = 0;
        results.forEach((result, index) => {
          if (!result.ok) return;
          loaded[pages[index] ?? 0] = result.data.items;
          total = result.data.total;
        });
        set({
          ledgerPages: loaded,
          ledgerTotal: total,
          ledgerStatus: 'ready',
          ledgerRefreshing: false,
          ledgerError: null,
        });
      },
      showLedgerRange(first, last) {
        visible = { first: Math.max(0, first), last: Math.max(first, last) };
        if (get().ledgerStatus !== 'ready') return;
        const query = filter();
        if (!query.ok) return;
        const { base } = query;
        const current = generation;
        for (const page of pagesInView()) {
          if (get().ledgerPages[page] || inFlight.has(page)) continue;
          if (page * LEDGER_PAGE_SIZE >= get().ledgerTotal) continue;
          inFlight.add(page);
          void fetchPage(page, base).then((result) => {
            if (current !== generation) return;
            inFlight.delete(page);
            if (result.ok) {
              set({
                ledgerPages: { ...get().ledgerPages, [page]: result.data.items },
                ledgerTotal: result.data.total,
              });
            } else {
              set({ ledgerError: result.error });
            }
          });
        }
      },
      receivePayment(payment) {
        const { ledgerPages, ledgerQuery, settings, ledgerDetail } = get();
        if (settings && payment.userId !== settings.actingUserId) return;
        if (ledgerDetail?.paymentId === payment.id) void get().openPaymentDetail(payment.id);
        // A payment changes when it runs, so the transfers may have too: the core knows
        // which, where they sort and what matches. Grouped rows take the new payment at once.
        if (ledgerQuery.groupBy === 'payment') {
          for (const [key, rows] of Object.entries(ledgerPages)) {
            const index = rows.findIndex(
              (row) => 'payment' in row && row.payment.id === payment.id,
            );
            const row = rows[index];
            if (!row || !('payment' in row)) continue;
            set({ ledgerPages: { ...ledgerPages, [key]: rows.with(index, { ...row, payment }) } });
            break;
          }
        }
        scheduleReload();
      },

      ledgerDetail: null,
      async openPaymentDetail(paymentId) {
        const request = ++latestDetail;
        const previous = get().ledgerDetail;
        const sameRow = previous?.paymentId === paymentId && previous.data !== null;
        set({
          ledgerDetail: sameRow
            ? previous
            : { paymentId, status: 'loading', data: null, error: null },
        });
        const result = await client.call('payments:get', { id: paymentId });
        if (request !== latestDetail || get().ledgerDetail?.paymentId !== paymentId) return;
        set({
          ledgerDetail: result.ok
            ? { paymentId, status: 'ready', data: result.data, error: null }
            : {
                paymentId,
                status: sameRow ? 'ready' : 'error',
                data: sameRow ? (previous?.data ?? null) : null,
                error: result.error,
              },
        });
      },
      closePaymentDetail() {
        latestDetail += 1;
        set({ ledgerDetail: null });
      },

      ledgerExport: null,
      async downloadTransfers() {
        const query = filter();
        if (!query.ok) return query;
        const { groupBy: _grouping, ...criteria } = query.base;
        set({ ledgerExport: { done: 0, total: 0 } });
        try {
          return await client.download('transfers:export', criteria, (done, total) =>
            set({ ledgerExport: { done, total } }),
          );
        } finally {
          set({ ledgerExport: null });
        }
      },
    };
  };
