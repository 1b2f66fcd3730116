import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { LedgerSort } from '../../store/ledgerSlice';
import { rowAt } from '../../store/ledgerSlice';
import { useAppStore } from '../../store/appStore';
import { ErrorNotice } from '../ErrorNotice';
import { LedgerEmpty } from './LedgerEmpty';
import { LEDGER_COLUMNS, PaymentRow, PendingRow } from './PaymentRow';
import { rowWindow } from './rowWindow';
import { TransferRow } from './TransferRow';

/** Rows are one fixed height, so the scroll position maps straight to row numbers. */
export const LEDGER_ROW_HEIGHT = 57;
const SKELETON_ROWS = 4;
/** The scroll area's height until it is laid out (the stylesheet's cap). */
const FALLBACK_HEIGHT = 640;
/** Rows kept in the DOM above and below those in view, so a short scroll shows no gap. */
const OVERSCAN_ROWS = 12;

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
  const { scrollTop, viewportHeight } = useScrollView(scrollRef);
  const view = rowWindow({
    count: total,
    rowHeight: LEDGER_ROW_HEIGHT,
    scrollTop,
    viewportHeight,
    overscan: OVERSCAN_ROWS,
  });
  useRowSteps(scrollRef, view.ratio);
  const { first, end } = view;

  useEffect(() => {
    showLedgerRange(first, Math.max(first, end - 1));
  }, [first, end, pages, showLedgerRange]);

  const rows: ReactNode[] = [];
  for (let index = first; index < end; index += 1) {
    const row = rowAt(pages, index);
    rows.push(
      !row ? (
        <PendingRow key={`pending-${index}`} rowIndex={index + 2} />
      ) : 'payment' in row ? (
        <PaymentRow
          key={row.payment.id}
          payment={row.payment}
          transfers={row.transfers}
          lastAt={row.lastAt}
          timeZone={timeZone}
          rowIndex={index + 2}
          onOpen={onOpen}
        />
      ) : (
        <TransferRow
          key={row.id}
          transfer={row}
          timeZone={timeZone}
          rowIndex={index + 2}
          onOpen={onOpen}
        />
      ),
    );
  }
  return (
    <tbody>
      {view.top > 0 ? <Spacer height={view.top} /> : null}
      {rows}
      {view.bottom > 0 ? <Spacer height={view.bottom} /> : null}
    </tbody>
  );
}

/** The scroll container's scrollTop and height, kept up to date. */
function useScrollView(scrollRef: RefObject<HTMLDivElement | null>): {
  scrollTop: number;
  viewportHeight: number;
} {
  const [view, setView] = useState({ scrollTop: 0, viewportHeight: FALLBACK_HEIGHT });
  // Read after paint and on each scroll and resize, never during a commit: reading layout
  // there made the browser lay out the whole first screen early, mid-render.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    // An element with no size yet (still laying out, hidden, or a test DOM) gets a
    // typical one, so the first rows render instead of none.
    const read = () =>
      setView((last) => {
        const scrollTop = element.scrollTop;
        const viewportHeight = element.clientHeight > 0 ? element.clientHeight : FALLBACK_HEIGHT;
        return last.scrollTop === scrollTop && last.viewportHeight === viewportHeight
          ? last
          : { scrollTop, viewportHeight };
      });
    read();
    element.addEventListener('scroll', read, { passive: true });
    const resizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(read);
    resizes?.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      resizes?.disconnect();
    };
  }, [scrollRef]);
  return view;
}

/**
 * While the rows are laid out shorter than they are (`ratio` > 1), the wheel and the arrow
 * and page keys would skip rows: each scrolled pixel moves `ratio` rows' pixels. They are
 * scaled back, so a wheel notch or a key moves the rows as far as in a short list; the
 * scrollbar's thumb still spans the whole history.
 */
function useRowSteps(scrollRef: RefObject<HTMLDivElement | null>, ratio: number): void {
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || ratio === 1) return;
    const scrollRows = (pixels: number) => {
      element.scrollTop += pixels / ratio;
    };
    const onWheel = (event: WheelEvent) => {
      // Zooming (Ctrl) and sideways scrolling keep their own meaning.
      if (event.ctrlKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      const unit =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE
          ? LEDGER_ROW_HEIGHT
          : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
            ? element.clientHeight
            : 1;
      scrollRows(event.deltaY * unit);
    };
    const onKey = (event: KeyboardEvent) => {
      // Keys inside a row (its Details button) are the row's; modified keys are the system's.
      if (event.target !== element || event.altKey || event.ctrlKey || event.metaKey) return;
      const page = Math.max(LEDGER_ROW_HEIGHT, element.clientHeight - LEDGER_ROW_HEIGHT);
      const pixels = {
        ArrowDown: LEDGER_ROW_HEIGHT,
        ArrowUp: -LEDGER_ROW_HEIGHT,
        PageDown: page,
        PageUp: -page,
        ' ': event.shiftKey ? -page : page,
      }[event.key];
      if (pixels === undefined) return;
      event.preventDefault();
      scrollRows(pixels);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('keydown', onKey);
    return () => {
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('keydown', onKey);
    };
  }, [scrollRef, ratio]);
}

/** Stands in for the rows above or below the window, so the scrollbar spans the whole list. */
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
