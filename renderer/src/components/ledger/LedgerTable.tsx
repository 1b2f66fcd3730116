import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import type { LedgerSort } from '../../store/ledgerSlice';
import { rowAt } from '../../store/ledgerSlice';
import { useAppStore } from '../../store/appStore';
import { ErrorNotice } from '../ErrorNotice';
import { LedgerEmpty } from './LedgerEmpty';
import { LEDGER_COLUMNS, PaymentRow, PendingRow } from './PaymentRow';
import { TransferRow } from './TransferRow';

/** Rows are one fixed height, so the scroll position maps straight to row numbers. */
export const LEDGER_ROW_HEIGHT = 57;
const SKELETON_ROWS = 4;
const FALLBACK_RECT = { width: 960, height: 640 };

/**
 * The ledger table, virtualised: only the rows in view (and a few either side) are in the
 * DOM, and their pages are fetched from the core as they scroll into view, so 1M
 * transfers scroll like 10. One row per transfer, or per payment when grouped; the same
 * columns sort both. aria-rowcount and aria-rowindex keep the true size known to screen
 * readers.
 */
export function LedgerTable({ headingId }: { headingId: string }) {
  const status = useAppStore((state) => state.ledgerStatus);
  const refreshing = useAppStore((state) => state.ledgerRefreshing);
  const total = useAppStore((state) => state.ledgerTotal);
  const sort = useAppStore((state) => state.ledgerQuery.sort);
  const grouped = useAppStore((state) => state.ledgerQuery.groupBy === 'payment');
  const scrollRef = useRef<HTMLDivElement>(null);
  const ready = status === 'ready' && total > 0;
  const sortState = (column: SortColumn) =>
    sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : undefined;

  return (
    <div
      className="table-scroll"
      ref={scrollRef}
      tabIndex={0}
      role="group"
      aria-labelledby={headingId}
    >
      <table
        className={refreshing ? 'ledger-table ledger-table--refreshing' : 'ledger-table'}
        aria-label="Payment history"
        aria-busy={status === 'loading' || refreshing}
        aria-rowcount={ready ? total + 1 : undefined}
      >
        <thead>
          <tr aria-rowindex={ready ? 1 : undefined}>
            <th scope="col" aria-sort={sortState('at')}>
              <SortButton column="at">{grouped ? 'Last paid' : 'Paid at'}</SortButton>
            </th>
            <th scope="col" aria-sort={sortState('recipient')}>
              <SortButton column="recipient">Recipient</SortButton>
            </th>
            <th scope="col" className="cell-amount" aria-sort={sortState('amount')}>
              <SortButton column="amount">Amount</SortButton>
            </th>
            <th scope="col">Currency</th>
            <th scope="col" aria-sort={sortState('status')}>
              <SortButton column="status">Status</SortButton>
            </th>
            <th scope="col">{grouped ? 'Schedule' : 'Transaction'}</th>
            <th scope="col" className="cell-action">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        {ready ? <VirtualRows scrollRef={scrollRef} /> : <LedgerPlaceholder />}
      </table>
    </div>
  );
}

function VirtualRows({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const total = useAppStore((state) => state.ledgerTotal);
  const pages = useAppStore((state) => state.ledgerPages);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const showLedgerRange = useAppStore((state) => state.showLedgerRange);
  const openPaymentDetail = useAppStore((state) => state.openPaymentDetail);
  const onOpen = useCallback((id: string) => void openPaymentDetail(id), [openPaymentDetail]);

  // The virtualizer's functions change every render by design; this component is simply
  // not auto-memoized, and nothing memoized receives them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LEDGER_ROW_HEIGHT,
    overscan: 12,
    initialRect: FALLBACK_RECT,
    // An element with no size yet (still laying out, hidden, or a test DOM) gets a
    // typical one, so the first rows render instead of none.
    observeElementRect: (instance, report) =>
      observeElementRect(instance, (rect) => report(rect.height > 0 ? rect : FALLBACK_RECT)),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    showLedgerRange(first, last);
  }, [first, last, pages, showLedgerRange]);

  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <tbody>
      {top > 0 ? <Spacer height={top} /> : null}
      {items.map((item) => {
        const row = rowAt(pages, item.index);
        if (!row) return <PendingRow key={`pending-${item.index}`} rowIndex={item.index + 2} />;
        return 'payment' in row ? (
          <PaymentRow
            key={row.payment.id}
            payment={row.payment}
            transfers={row.transfers}
            lastAt={row.lastAt}
            timeZone={timeZone}
            rowIndex={item.index + 2}
            onOpen={onOpen}
          />
        ) : (
          <TransferRow
            key={row.id}
            transfer={row}
            timeZone={timeZone}
            rowIndex={item.index + 2}
            onOpen={onOpen}
          />
        );
      })}
      {bottom > 0 ? <Spacer height={bottom} /> : null}
    </tbody>
  );
}

/** Stands in for the rows above or below the window, so the scrollbar is true to size. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="spacer-row" aria-hidden="true">
      <td colSpan={LEDGER_COLUMNS} style={{ height }} />
    </tr>
  );
}

function LedgerPlaceholder() {
  const status = useAppStore((state) => state.ledgerStatus);
  const error = useAppStore((state) => state.ledgerError);
  const retry = useRetryLedger();
  if (status === 'error' && error) {
    return (
      <FullWidthRow>
        <div className="error-row">
          <ErrorNotice title="Payments couldn't be loaded" error={error} onRetry={retry} />
        </div>
      </FullWidthRow>
    );
  }
  if (status === 'ready') {
    return (
      <FullWidthRow>
        <LedgerEmpty />
      </FullWidthRow>
    );
  }
  return (
    <tbody>
      <tr className="visually-hidden">
        <td colSpan={LEDGER_COLUMNS} role="status">
          Loading the history…
        </td>
      </tr>
      {Array.from({ length: SKELETON_ROWS }, (_, index) => (
        <tr key={index} className="ledger-row skeleton-row" aria-hidden="true">
          {Array.from({ length: LEDGER_COLUMNS }, (_, cell) => (
            <td key={cell}>
              <span className="skeleton skeleton--line" />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

function FullWidthRow({ children }: { children: ReactNode }) {
  return (
    <tbody>
      <tr>
        <td colSpan={LEDGER_COLUMNS} className="cell-full">
          {children}
        </td>
      </tr>
    </tbody>
  );
}

type SortColumn = 'at' | 'amount' | 'recipient' | 'status';

/** A column header that sorts: first press sorts descending (newest, largest), then flips. */
function SortButton({ column, children }: { column: SortColumn; children: ReactNode }) {
  const sort = useAppStore((state) => state.ledgerQuery.sort);
  const setLedgerQuery = useAppStore((state) => state.setLedgerQuery);
  const active = sort === column || sort === `-${column}`;
  const next: LedgerSort = sort === `-${column}` ? column : (`-${column}` as LedgerSort);
  return (
    <button
      type="button"
      className={active ? 'sort-button sort-button--active' : 'sort-button'}
      onClick={() => setLedgerQuery({ sort: next })}
    >
      {children}
      <svg className="sort-icon" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        {sort === column ? (
          <path d="M3 7.5l3-3 3 3" fill="none" strokeWidth="1.5" />
        ) : sort === `-${column}` ? (
          <path d="M3 4.5l3 3 3-3" fill="none" strokeWidth="1.5" />
        ) : (
          <path d="M3 5l3-3 3 3M3 7l3 3 3-3" fill="none" strokeWidth="1.2" />
        )}
      </svg>
    </button>
  );
}

/** Retry reloads settings first when they are what failed: they say whose payments to list. */
export function useRetryLedger(): () => void {
  const hasSettings = useAppStore((state) => state.settings !== null);
  const loadSettings = useAppStore((state) => state.loadSettings);
  const loadPayments = useAppStore((state) => state.loadPayments);
  return () => {
    void (hasSettings ? loadPayments() : loadSettings().then(loadPayments));
  };
}
