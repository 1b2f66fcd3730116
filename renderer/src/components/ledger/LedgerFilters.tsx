import { useEffect, useId, useState } from 'react';
import { CURRENCIES, type Currency } from '../../../../shared/money';
import { TRANSFER_STATUS_ORDER, type TransferStatus } from '../../../../shared/contract/transfers';
import { TRANSFER_STATUS_DISPLAY } from '../../format/status';
import { useAppStore } from '../../store/appStore';

/**
 * The pause after the last keystroke before the history asks the core. It counts against
 * the 300 ms a search may take to show; a query mid-word costs little, since the core
 * answers a page in tens of milliseconds even at a million transfers and a newer query
 * drops the older one's reply.
 */
export const SEARCH_DELAY_MS = 150;

/** Search, status, recipient, currency and date range; the core applies every one. */
export function LedgerFilters() {
  const query = useAppStore((state) => state.ledgerQuery);
  const users = useAppStore((state) => state.users);
  const actingUserId = useAppStore((state) => state.settings?.actingUserId);
  const setLedgerQuery = useAppStore((state) => state.setLedgerQuery);
  const [draft, setDraft] = useState(query.search);
  // When the search changes elsewhere (Clear filters), the box follows it. Adjusting
  // state during render, as React recommends, avoids a stale draft re-applying itself.
  const [appliedSearch, setAppliedSearch] = useState(query.search);
  if (query.search !== appliedSearch) {
    setAppliedSearch(query.search);
    setDraft(query.search);
  }
  const ids = {
    search: useId(),
    status: useId(),
    recipient: useId(),
    currency: useId(),
    from: useId(),
    to: useId(),
  };
  const dateProblem =
    query.from && query.to && query.from > query.to ? 'The start date is after the end date.' : '';

  // Typing is sent to the core once the user pauses, not on every key.
  useEffect(() => {
    if (draft === query.search) return;
    const timer = setTimeout(() => setLedgerQuery({ search: draft }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, query.search, setLedgerQuery]);

  return (
    <div className="filters" role="search" aria-label="Filter transfers">
      <div className="field field--grow">
        <label className="field-label" htmlFor={ids.search}>
          Search
        </label>
        <input
          id={ids.search}
          className="input"
          type="search"
          value={draft}
          placeholder="Recipient, memo, command or transaction ID"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.status}>
          Status
        </label>
        <select
          id={ids.status}
          className="select"
          value={query.status}
          onChange={(event) =>
            setLedgerQuery({ status: event.target.value as TransferStatus | 'all' })
          }
        >
          <option value="all">All statuses</option>
          {TRANSFER_STATUS_ORDER.map((value) => (
            <option key={value} value={value}>
              {TRANSFER_STATUS_DISPLAY[value].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.recipient}>
          Recipient
        </label>
        <select
          id={ids.recipient}
          className="select"
          value={query.recipient}
          onChange={(event) => setLedgerQuery({ recipient: event.target.value })}
        >
          <option value="">Everyone</option>
          {users
            .filter((user) => user.id !== actingUserId)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName}
              </option>
            ))}
        </select>
      </div>
      <div className="field field--narrow">
        <label className="field-label" htmlFor={ids.currency}>
          Currency
        </label>
        <select
          id={ids.currency}
          className="select"
          value={query.currency}
          onChange={(event) => setLedgerQuery({ currency: event.target.value as Currency | 'all' })}
        >
          <option value="all">All</option>
          {CURRENCIES.map((currency) => (
            <option key={currency} value={currency}>
              {currency}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--date">
        <label className="field-label" htmlFor={ids.from}>
          From
        </label>
        <input
          id={ids.from}
          className="input"
          type="date"
          value={query.from}
          max={query.to || undefined}
          aria-invalid={dateProblem ? true : undefined}
          onChange={(event) => setLedgerQuery({ from: event.target.value })}
        />
      </div>
      <div className="field field--date">
        <label className="field-label" htmlFor={ids.to}>
          To
        </label>
        <input
          id={ids.to}
          className="input"
          type="date"
          value={query.to}
          min={query.from || undefined}
          aria-invalid={dateProblem ? true : undefined}
          onChange={(event) => setLedgerQuery({ to: event.target.value })}
        />
      </div>
      {dateProblem ? (
        <p className="field-error filters-error" role="alert">
          {dateProblem} Pick an end date on or after the start date.
        </p>
      ) : null}
    </div>
  );
}
