import { formatAmount, type Currency } from '../../../shared/money';
import { useAppStore } from '../store/appStore';
import { formatInstant, formatInstantShort } from '../../../shared/format';
import { formatRate } from '../../../shared/rateFormat';
import { ErrorNotice } from './ErrorNotice';

const CURRENCY_NAMES: Record<Currency, string> = {
  USDC: 'US Dollar Coin',
  EURC: 'Euro Coin',
};

export function BalancePanel() {
  const status = useAppStore((state) => state.balanceStatus);
  const error = useAppStore((state) => state.balanceError);
  const loadBalances = useAppStore((state) => state.loadBalances);

  return (
    <section className="panel balance-panel" aria-labelledby="balance-heading">
      <h2 className="panel-title" id="balance-heading">
        Balance
      </h2>
      {status === 'error' && error ? (
        <ErrorNotice
          title="Your balance couldn't be loaded"
          error={error}
          onRetry={() => void loadBalances()}
        />
      ) : status === 'ready' ? (
        <>
          {error && (
            <ErrorNotice
              compact
              title="Couldn't refresh your balance"
              error={error}
              onRetry={() => void loadBalances()}
            />
          )}
          <BalanceCards />
          <CombinedTotal />
        </>
      ) : (
        <BalanceSkeleton />
      )}
    </section>
  );
}

function BalanceCards() {
  const balances = useAppStore((state) => state.balances);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  if (balances.length === 0) {
    return <p className="panel-empty">No balances yet. Funds you receive will show here.</p>;
  }
  return (
    <ul className="balance-list">
      {balances.map((balance) => (
        <li className="balance-card" key={balance.currency}>
          <p className="balance-currency">
            <span className={`currency-chip currency-chip--${balance.currency.toLowerCase()}`}>
              {balance.currency}
            </span>
            <span className="balance-currency-name">{CURRENCY_NAMES[balance.currency]}</span>
          </p>
          <p className="balance-amount">
            <data value={balance.amount}>{formatAmount(balance.amount)}</data>{' '}
            <span className="balance-amount-currency">{balance.currency}</span>
          </p>
          <p className="balance-updated">
            Updated{' '}
            <time dateTime={balance.updatedAt} title={formatInstant(balance.updatedAt, timeZone)}>
              {formatInstantShort(balance.updatedAt, timeZone)}
            </time>
          </p>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every balance added up in the default currency, as the core worked it out: marked
 * approximate, with the rate, its source and date, and "stale" when the core says so.
 * Only shown when some balance is in another currency; otherwise the card is the total.
 */
function CombinedTotal() {
  const combined = useAppStore((state) => state.combinedBalance);
  const userId = useAppStore((state) => state.balanceUserId);
  if (!combined || combined.userId !== userId) return null;
  if (!combined.parts.some((part) => part.currency !== combined.currency)) return null;
  return (
    <div className="balance-total" role="group" aria-label="Combined balance">
      <p className="balance-total-amount">
        Total{' '}
        {combined.total === null ? (
          <span className="muted">unknown: no exchange rate is available yet</span>
        ) : (
          <>
            <abbr title="approximately: converted at a reference rate">≈</abbr>{' '}
            <data value={combined.total}>{formatAmount(combined.total)}</data> {combined.currency}
          </>
        )}
      </p>
      {combined.rate && (
        <p className="balance-rate">
          <span>{formatRate(combined.rate)}</span>
          {combined.rate.stale && (
            <span
              className="badge badge--warning"
              title={`This rate is ${combined.rate.ageDays} days old: older than ArcFlux counts as current.`}
            >
              stale
            </span>
          )}
        </p>
      )}
    </div>
  );
}

/** Same footprint as the cards, so nothing moves when the figures arrive. */
function BalanceSkeleton() {
  return (
    <div className="balance-list" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading your balance…
      </p>
      {[0, 1].map((index) => (
        <div className="balance-card balance-card--skeleton" key={index} aria-hidden="true">
          <span className="skeleton skeleton--chip" />
          <span className="skeleton skeleton--amount" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
