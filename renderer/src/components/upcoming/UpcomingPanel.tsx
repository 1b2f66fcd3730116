import { memo, useId, useMemo } from 'react';
import type { ForecastCoverage, ForecastRun, Upcoming } from '../../../../shared/contract/upcoming';
import { formatInstant } from '../../../../shared/format';
import { compareAmounts, formatAmount } from '../../../../shared/money';
import type { Payment } from '../../../../shared/schemas/payment';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import { UPCOMING_PAGE } from '../../store/upcomingSlice';
import { ErrorNotice } from '../ErrorNotice';

const RUNS_PER_SCHEDULE = 3;

/**
 * What is about to happen: each live schedule with its next runs and the balance the
 * forecast leaves after each, plus pause, resume, skip-next and cancel.
 */
export function UpcomingPanel() {
  const status = useAppStore((state) => state.upcomingStatus);
  const error = useAppStore((state) => state.upcomingError);
  const loadUpcoming = useAppStore((state) => state.loadUpcoming);
  return (
    <section className="panel upcoming-panel" aria-labelledby="upcoming-heading">
      <div className="panel-header">
        <h2 className="panel-title" id="upcoming-heading">
          Upcoming payments
        </h2>
        <ScheduleCount />
      </div>
      {status === 'error' && error ? (
        <ErrorNotice
          title="Upcoming payments couldn't be loaded"
          error={error}
          onRetry={() => void loadUpcoming()}
        />
      ) : status === 'ready' ? (
        <>
          {error ? (
            <ErrorNotice
              compact
              title="Couldn't refresh upcoming payments"
              error={error}
              onRetry={() => void loadUpcoming()}
            />
          ) : null}
          <MissedBanner />
          <ForecastSummary />
          <ScheduleList />
        </>
      ) : (
        <UpcomingSkeleton />
      )}
    </section>
  );
}

function ScheduleCount() {
  const count = useAppStore((state) => state.upcoming?.scheduleCount ?? 0);
  return (
    <p className="result-count" aria-live="polite">
      {count > 0 ? `${count} ${count === 1 ? 'schedule' : 'schedules'}` : ''}
    </p>
  );
}

function MissedBanner() {
  const missed = useAppStore((state) => state.missedPayments.length);
  const openMissedRuns = useAppStore((state) => state.openMissedRuns);
  if (missed === 0) return null;
  return (
    <div className="inline-notice inline-notice--warning banner">
      <p>
        {missed === 1 ? 'A payment' : `${missed} payments`} missed runs while ArcFlux was closed.
        Nothing was paid.
      </p>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={openMissedRuns}
      >
        Review missed runs
      </button>
    </div>
  );
}

/**
 * The lowest point the forecast reaches, per currency: the one figure worth a glance. The
 * core picks it from every counted run, including those the cards leave out.
 */
function ForecastSummary() {
  const lowest = useAppStore((state) => state.upcoming?.lowest);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  if (!lowest || lowest.length === 0) return null;
  return (
    <ul className="forecast-summary" aria-label="Balance forecast">
      {lowest.map((run) => {
        const negative = compareAmounts(run.balanceAfter, '0') < 0;
        return (
          <li key={run.currency} className={negative ? 'forecast forecast--negative' : 'forecast'}>
            <span className="forecast-label">Lowest {run.currency} balance</span>
            <span className="forecast-amount">{formatAmount(run.balanceAfter, run.currency)}</span>
            <span className="forecast-date">
              after <time dateTime={run.at}>{formatInstant(run.at, timeZone)}</time>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function ScheduleList() {
  const upcoming = useAppStore((state) => state.upcoming);
  // Each card's runs and coverage, looked up once per answer rather than by every card.
  const byPayment = useMemo(() => forecastByPayment(upcoming), [upcoming]);
  const schedules = upcoming?.schedules;
  if (!schedules || schedules.length === 0) {
    return (
      <div className="empty-state empty-state--compact">
        <p className="empty-state-title">Nothing scheduled</p>
        <p className="empty-state-hint">
          Payments you schedule appear here with the balance each one leaves.
        </p>
      </div>
    );
  }
  return (
    <>
      <ul className="schedule-list">
        {schedules.map((payment) => {
          const forecast = byPayment.get(payment.id);
          return (
            <ScheduleCard
              key={payment.id}
              payment={payment}
              runs={forecast?.runs ?? NO_RUNS}
              coverage={forecast?.coverage}
            />
          );
        })}
      </ul>
      <MoreSchedules listed={schedules.length} />
    </>
  );
}

const NO_RUNS: ForecastRun[] = [];

/** Per listed schedule: its first runs (as many as a card shows) and its coverage. */
function forecastByPayment(
  upcoming: Upcoming | null,
): Map<string, { runs: ForecastRun[]; coverage?: ForecastCoverage }> {
  const found = new Map<string, { runs: ForecastRun[]; coverage?: ForecastCoverage }>();
  const entry = (paymentId: string) => {
    let known = found.get(paymentId);
    if (!known) {
      known = { runs: [] };
      found.set(paymentId, known);
    }
    return known;
  };
  for (const run of upcoming?.runs ?? []) {
    const known = entry(run.paymentId);
    if (known.runs.length < RUNS_PER_SCHEDULE) known.runs.push(run);
  }
  for (const coverage of upcoming?.coverage ?? []) entry(coverage.paymentId).coverage = coverage;
  return found;
}

/** How many schedules the list leaves out, and a button to list more of them. */
function MoreSchedules({ listed }: { listed: number }) {
  const count = useAppStore((state) => state.upcoming?.scheduleCount ?? 0);
  const loading = useAppStore(
    (state) => state.upcomingLimit > (state.upcoming?.schedules.length ?? 0) && listed < count,
  );
  const showMoreSchedules = useAppStore((state) => state.showMoreSchedules);
  if (listed >= count) return null;
  const next = Math.min(UPCOMING_PAGE, count - listed);
  return (
    <div className="schedule-more">
      <p className="muted">
        Showing {listed.toLocaleString('en-US')} of {count.toLocaleString('en-US')} schedules,
        soonest first. The forecast counts them all.
      </p>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={loading}
        onClick={() => void showMoreSchedules()}
      >
        {loading ? 'Loading…' : `Show ${next} more`}
      </button>
    </div>
  );
}

const ScheduleCard = memo(function ScheduleCard({
  payment,
  runs,
  coverage,
}: {
  payment: Payment;
  runs: ForecastRun[];
  coverage: ForecastCoverage | undefined;
}) {
  const name = useAppStore((state) => state.userNames[payment.recipientId] ?? payment.recipientId);
  const until = useAppStore((state) => state.upcoming?.until);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const headingId = useId();
  const missed = payment.status === 'missed';

  return (
    <li className="schedule-card" aria-labelledby={headingId}>
      <div className="schedule-head">
        <p className="schedule-title" id={headingId}>
          <span className="schedule-amount">{formatAmount(payment.amount, payment.currency)}</span>{' '}
          to {name}
        </p>
        {payment.paused ? <span className="badge badge--neutral">Paused</span> : null}
        {missed ? <span className="badge badge--warning">Missed runs</span> : null}
      </div>
      <p className="schedule-words">{describeSchedule(payment.schedule, payment.timezone)}</p>
      {payment.paused ? (
        <p className="muted schedule-note">
          Paused: runs that fall due are skipped, not paid later.
        </p>
      ) : missed ? (
        <p className="muted schedule-note">Waiting for your answer about missed runs.</p>
      ) : runs.length === 0 ? (
        <p className="muted schedule-note">
          No runs before{' '}
          {until ? <time dateTime={until}>{formatInstant(until, timeZone)}</time> : 'the horizon'}.
        </p>
      ) : (
        <ol className="run-list" aria-label={`Next payments to ${name}`}>
          {runs.map((run) => {
            const negative = compareAmounts(run.balanceAfter, '0') < 0;
            return (
              <li key={run.at} className="run">
                <time className="run-date" dateTime={run.at}>
                  {formatInstant(run.at, timeZone)}
                </time>
                <span className={negative ? 'run-balance run-balance--negative' : 'run-balance'}>
                  Balance after {formatAmount(run.balanceAfter, run.currency)}
                  {negative ? ' · not enough funds' : ''}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {coverage && runs.length > 0 ? (
        <ForecastCoverageNote
          counted={coverage.runs}
          shown={runs.length}
          countedUntil={coverage.countedUntil}
          until={until}
          timeZone={timeZone}
        />
      ) : null}
      <ScheduleActions payment={payment} name={name} />
    </li>
  );
});

/** Says how many runs the card leaves out, and when the forecast stopped counting them. */
function ForecastCoverageNote({
  counted,
  shown,
  countedUntil,
  until,
  timeZone,
}: {
  counted: number;
  shown: number;
  countedUntil: string | null;
  until: string | undefined;
  timeZone: string;
}) {
  if (countedUntil !== null) {
    return (
      <p className="muted schedule-note">
        Runs too often to count them all: the forecast counts {counted} runs, until{' '}
        <time dateTime={countedUntil}>{formatInstant(countedUntil, timeZone)}</time>; later balances
        leave its later runs out.
      </p>
    );
  }
  const more = counted - shown;
  if (more <= 0 || until === undefined) return null;
  return (
    <p className="muted schedule-note">
      {more === 1 ? '1 more run' : `${more} more runs`} before{' '}
      <time dateTime={until}>{formatInstant(until, timeZone)}</time>, counted in the balances.
    </p>
  );
}

function ScheduleActions({ payment, name }: { payment: Payment; name: string }) {
  const busy = useAppStore((state) => state.upcomingBusy[payment.id]);
  const error = useAppStore((state) => state.upcomingActionErrors[payment.id]);
  const actOnSchedule = useAppStore((state) => state.actOnSchedule);
  const askToCancel = useAppStore((state) => state.askToCancel);
  const disabled = busy !== undefined;
  const recurring = payment.schedule.kind === 'recurring';

  return (
    <>
      <div className="schedule-actions">
        {payment.status === 'scheduled' ? (
          payment.paused ? (
            <ActionButton
              label="Resume"
              busyLabel="Resuming…"
              busy={busy === 'resume'}
              disabled={disabled}
              description={`Resume payments to ${name}`}
              onClick={() => void actOnSchedule(payment.id, 'resume')}
            />
          ) : (
            <ActionButton
              label="Pause"
              busyLabel="Pausing…"
              busy={busy === 'pause'}
              disabled={disabled}
              description={`Pause payments to ${name}`}
              onClick={() => void actOnSchedule(payment.id, 'pause')}
            />
          )
        ) : null}
        {recurring && payment.status === 'scheduled' && !payment.paused ? (
          <ActionButton
            label="Skip next"
            busyLabel="Skipping…"
            busy={busy === 'skip'}
            disabled={disabled}
            description={`Skip next payment to ${name}`}
            onClick={() => void actOnSchedule(payment.id, 'skip')}
          />
        ) : null}
        <ActionButton
          label="Cancel"
          busyLabel="Cancelling…"
          busy={busy === 'cancel'}
          disabled={disabled}
          description={`Cancel payments to ${name}`}
          // The same question a cancel by command asks (CancelPaymentsDialog).
          onClick={() => askToCancel([payment])}
        />
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </>
  );
}

function ActionButton({
  label,
  busyLabel,
  busy,
  disabled,
  description,
  onClick,
}: {
  label: string;
  busyLabel: string;
  busy: boolean;
  disabled: boolean;
  /** The accessible name: the visible label, then what it acts on. */
  description: string;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className="button button--quiet button--small"
      disabled={disabled}
      aria-label={description}
      onClick={onClick}
    >
      {busy ? busyLabel : label}
    </button>
  );
}

/** Same footprint as two schedule cards, so the panel doesn't jump when they arrive. */
function UpcomingSkeleton() {
  return (
    <div className="schedule-list" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading upcoming payments…
      </p>
      {[0, 1].map((index) => (
        <div className="schedule-card schedule-card--skeleton" key={index} aria-hidden="true">
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--label" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
