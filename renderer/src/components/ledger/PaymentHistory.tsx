import { useAppStore } from '../../store/appStore';
import { hasLedgerFilters } from '../../store/ledgerSlice';
import { ErrorNotice } from '../ErrorNotice';
import { ExportCsvButton } from './ExportCsvButton';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable, useRetryLedger } from './LedgerTable';

/**
 * The ledger: every transfer (each run of each payment), or grouped by payment;
 * searchable, filterable, sortable and exportable in both views.
 */
export function PaymentHistory() {
  const status = useAppStore((state) => state.ledgerStatus);
  const error = useAppStore((state) => state.ledgerError);
  const retry = useRetryLedger();

  return (
    <section className="panel history-panel" aria-labelledby="history-heading">
      <div className="panel-header">
        <h2 className="panel-title" id="history-heading">
          Payment history
        </h2>
        <div className="panel-actions">
          <ResultCount />
          <ResetFiltersButton />
          <ExportCsvButton />
        </div>
      </div>
      <div className="history-toolbar">
        <GroupingToggle />
        <LedgerFilters />
      </div>
      {status === 'ready' && error ? (
        <ErrorNotice compact title="Couldn't refresh payments" error={error} onRetry={retry} />
      ) : null}
      <LedgerTable headingId="history-heading" />
    </section>
  );
}

/** One row per transfer, or per payment with its transfers counted. */
function GroupingToggle() {
  const groupBy = useAppStore((state) => state.ledgerQuery.groupBy);
  const setLedgerQuery = useAppStore((state) => state.setLedgerQuery);
  const option = (value: typeof groupBy, label: string) => (
    <button
      type="button"
      className={groupBy === value ? 'segment segment--active' : 'segment'}
      aria-pressed={groupBy === value}
      onClick={() => setLedgerQuery({ groupBy: value })}
    >
      {label}
    </button>
  );
  return (
    <div className="segmented" role="group" aria-label="Show">
      {option('transfer', 'Transfers')}
      {option('payment', 'By payment')}
    </div>
  );
}

function ResultCount() {
  const status = useAppStore((state) => state.ledgerStatus);
  const total = useAppStore((state) => state.ledgerTotal);
  const grouped = useAppStore((state) => state.ledgerQuery.groupBy === 'payment');
  const noun = grouped ? ['payment', 'payments'] : ['transfer', 'transfers'];
  const text =
    status !== 'ready' || total === 0
      ? ''
      : `${total.toLocaleString('en-US')} ${total === 1 ? noun[0] : noun[1]}`;
  return (
    <p className="result-count" aria-live="polite">
      {text}
    </p>
  );
}

/** Always in place (disabled when nothing is filtered), so the header never reflows. */
function ResetFiltersButton() {
  const filtered = useAppStore((state) => hasLedgerFilters(state.ledgerQuery));
  const clearLedgerFilters = useAppStore((state) => state.clearLedgerFilters);
  return (
    <button
      type="button"
      className="button button--quiet button--small"
      disabled={!filtered}
      onClick={clearLedgerFilters}
    >
      Reset filters
    </button>
  );
}
