import type { ReactNode } from 'react';
import { useAppStore } from '../store/appStore';
import { ErrorNotice } from './ErrorNotice';
import { PaymentFilters } from './PaymentFilters';
import { PaymentRow } from './PaymentRow';

const COLUMN_COUNT = 6;
const SKELETON_ROWS = 4;

export function PaymentHistory() {
  const status = useAppStore((state) => state.ledgerStatus);
  const refreshing = useAppStore((state) => state.ledgerRefreshing);
  const error = useAppStore((state) => state.ledgerError);
  const retry = useRetryLedger();

  return (
    <section className="panel history-panel">
      <div className="panel-header">
        <h2 className="panel-title" id="history-heading">
          Payment history
        </h2>
        <ResultCount />
      </div>
      <PaymentFilters />
      {status === 'ready' && error ? (
        <ErrorNotice compact title="Couldn't refresh payments" error={error} onRetry={retry} />
      ) : null}
      <div className="table-scroll" tabIndex={0} role="group" aria-labelledby="history-heading">
        <table
          className={refreshing ? 'ledger-table ledger-table--refreshing' : 'ledger-table'}
          aria-label="Payment history"
          aria-busy={status === 'loading' || refreshing}
        >
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Recipient</th>
              <th scope="col" className="cell-amount">
                Amount
              </th>
              <th scope="col">Currency</th>
              <th scope="col">Status</th>
              <th scope="col">Schedule</th>
            </tr>
          </thead>
          <LedgerBody />
        </table>
      </div>
    </section>
  );
}

function LedgerBody() {
  const status = useAppStore((state) => state.ledgerStatus);
  const error = useAppStore((state) => state.ledgerError);
  const payments = useAppStore((state) => state.payments);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
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
  if (status !== 'ready') {
    return (
      <tbody>
        {Array.from({ length: SKELETON_ROWS }, (_, index) => (
          <tr key={index} className="skeleton-row" aria-hidden="true">
            {Array.from({ length: COLUMN_COUNT }, (_, cell) => (
              <td key={cell}>
                <span className="skeleton skeleton--line" />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    );
  }
  if (payments.length === 0) return <EmptyLedger />;
  return (
    <tbody>
      {payments.map((payment) => (
        <PaymentRow key={payment.id} payment={payment} timeZone={timeZone} />
      ))}
    </tbody>
  );
}

function EmptyLedger() {
  const filtered = useAppStore(
    (state) => state.ledgerQuery.status !== 'all' || state.ledgerQuery.search.trim() !== '',
  );
  const setLedgerQuery = useAppStore((state) => state.setLedgerQuery);
  return (
    <FullWidthRow>
      <div className="empty-state">
        <EmptyIcon />
        {filtered ? (
          <>
            <p className="empty-state-title">No payments match these filters</p>
            <p className="empty-state-hint">Try another status or search term.</p>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setLedgerQuery({ status: 'all', search: '' })}
            >
              Clear filters
            </button>
          </>
        ) : (
          <>
            <p className="empty-state-title">No payments yet</p>
            <p className="empty-state-hint">
              Payments you send or schedule appear here, with their status and schedule.
            </p>
          </>
        )}
      </div>
    </FullWidthRow>
  );
}

function ResultCount() {
  const status = useAppStore((state) => state.ledgerStatus);
  const shown = useAppStore((state) => state.payments.length);
  const total = useAppStore((state) => state.paymentsTotal);
  const text =
    status !== 'ready' || total === 0
      ? ''
      : shown < total
        ? `Showing ${shown} of ${total} payments`
        : `${total} ${total === 1 ? 'payment' : 'payments'}`;
  return (
    <p className="result-count" aria-live="polite">
      {text}
    </p>
  );
}

function FullWidthRow({ children }: { children: ReactNode }) {
  return (
    <tbody>
      <tr>
        <td colSpan={COLUMN_COUNT} className="cell-full">
          {children}
        </td>
      </tr>
    </tbody>
  );
}

/** Retry reloads settings first when they are what failed: they say whose payments to list. */
function useRetryLedger(): () => void {
  const hasSettings = useAppStore((state) => state.settings !== null);
  const loadSettings = useAppStore((state) => state.loadSettings);
  const loadPayments = useAppStore((state) => state.loadPayments);
  return () => {
    void (hasSettings ? loadPayments() : loadSettings().then(loadPayments));
  };
}

function EmptyIcon() {
  return (
    <svg className="empty-state-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <rect x="8" y="10" width="32" height="28" rx="4" fill="none" strokeWidth="2" />
      <path d="M8 18h32M16 26h10M16 31h6" fill="none" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
