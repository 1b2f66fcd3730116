import { useAppStore } from '../../store/appStore';
import { hasLedgerFilters } from '../../store/ledgerSlice';

export function LedgerEmpty() {
  const filtered = useAppStore((state) => hasLedgerFilters(state.ledgerQuery));
  const clearLedgerFilters = useAppStore((state) => state.clearLedgerFilters);
  const grouped = useAppStore((state) => state.ledgerQuery.groupBy === 'payment');
  const noun = grouped ? 'payments' : 'transfers';
  return (
    <div className="empty-state">
      <EmptyIcon />
      {filtered ? (
        <>
          <p className="empty-state-title">No {noun} match these filters</p>
          <p className="empty-state-hint">Try another status, recipient, date or search term.</p>
          <button type="button" className="button button--secondary" onClick={clearLedgerFilters}>
            Clear filters
          </button>
        </>
      ) : (
        <>
          <p className="empty-state-title">No {noun} yet</p>
          <p className="empty-state-hint">
            {grouped
              ? 'Payments you send or schedule appear here, with their status and schedule.'
              : 'Each payment sent, or failed, appears here with its time and transaction ID. Scheduled payments are under By payment.'}
          </p>
        </>
      )}
    </div>
  );
}

function EmptyIcon() {
  return (
    <svg className="empty-state-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <rect x="8" y="10" width="32" height="28" rx="4" fill="none" strokeWidth="2" />
      <path d="M8 18h32M16 26h10M16 31h6" fill="none" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
