import { useEffect, useId, useState } from 'react';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../../shared/schemas/payment';
import { STATUS_DISPLAY } from '../format/status';
import { useAppStore } from '../store/appStore';

const SEARCH_DELAY_MS = 250;

export function PaymentFilters() {
  const status = useAppStore((state) => state.ledgerQuery.status);
  const search = useAppStore((state) => state.ledgerQuery.search);
  const setLedgerQuery = useAppStore((state) => state.setLedgerQuery);
  const [draft, setDraft] = useState(search);
  // When the search changes elsewhere (Clear filters), the box follows it. Adjusting
  // state during render, as React recommends, avoids a stale draft re-applying itself.
  const [appliedSearch, setAppliedSearch] = useState(search);
  if (search !== appliedSearch) {
    setAppliedSearch(search);
    setDraft(search);
  }
  const statusId = useId();
  const searchId = useId();

  // Typing is sent to the core once the user pauses, not on every key.
  useEffect(() => {
    if (draft === search) return;
    const timer = setTimeout(() => setLedgerQuery({ search: draft }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, search, setLedgerQuery]);

  return (
    <div className="filters">
      <div className="field">
        <label className="field-label" htmlFor={statusId}>
          Status
        </label>
        <select
          id={statusId}
          className="select"
          value={status}
          onChange={(event) =>
            setLedgerQuery({ status: event.target.value as PaymentStatus | 'all' })
          }
        >
          <option value="all">All statuses</option>
          {PAYMENT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {STATUS_DISPLAY[value].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--grow">
        <label className="field-label" htmlFor={searchId}>
          Search
        </label>
        <input
          id={searchId}
          className="input"
          type="search"
          value={draft}
          placeholder="Recipient, memo, amount or ID"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
    </div>
  );
}
