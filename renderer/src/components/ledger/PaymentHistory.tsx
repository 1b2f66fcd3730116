import { useAppStore } from '../../store/appStore';
import { hasLedgerFilters } from '../../store/ledgerSlice';
import { ErrorNotice } from '../ErrorNotice';
import { ExportCsvButton } from './ExportCsvButton';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable, useRetryLedger } from './LedgerTable';

/** The ledger: every payment, searchable, filterable, sortable and exportable. */
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
      <LedgerFilters />
      {status === 'ready' && error ? (
        <ErrorNotice compact title="Couldn't refresh payments" error={error} onRetry={retry} />
      ) : null}
      <LedgerTable headingId="history-heading" />
    </section>
  );
}

function ResultCount() {
  const status = useAppStore((state) => state.ledgerStatus);
  const total = useAppStore((state) => state.paymentsTotal);
  const text =
    status !== 'ready' || total === 0
      ? ''
      : `${total.toLocaleString('en-US')} ${total === 1 ? 'payment' : 'payments'}`;
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
