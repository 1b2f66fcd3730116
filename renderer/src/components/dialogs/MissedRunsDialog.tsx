import { useEffect, useId, useState } from 'react';
import type { MissedReview } from '../../../../shared/contract/paymentActions';
import { formatInstant } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Payment } from '../../../../shared/schemas/payment';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import { isReadOnly } from '../../store/householdSlice';
import { Modal } from './Modal';

/**
 * Runs that fell due while ArcFlux was closed or asleep are never paid without an answer.
 * Each payment lists its runs, each with a checkbox; the core checks the chosen ones the
 * way a tick would (balance, limits) and says the count, the total and the balance after.
 * Paying asks once more, with "Don't pay" as the default; "Decide later" leaves them.
 */
export function MissedRunsDialog() {
  const open = useAppStore((state) => state.missedDialogOpen);
  const hasConfirmation = useAppStore((state) => state.confirmation !== null);
  // One question at a time: a confirmation the user just asked for goes first.
  if (!open || hasConfirmation) return null;
  return <MissedRunsContent />;
}

function MissedRunsContent() {
  const payments = useAppStore((state) => state.missedPayments);
  const error = useAppStore((state) => state.missedError);
  const closeMissedRuns = useAppStore((state) => state.closeMissedRuns);
  const titleId = useId();
  const introId = useId();

  return (
    <Modal
      labelledBy={titleId}
      describedBy={introId}
      className="missed-dialog"
      role="alertdialog"
      onEscape={closeMissedRuns}
    >
      <header className="modal-header">
        <h2 className="modal-title" id={titleId}>
          Missed payments
        </h2>
      </header>
      <div className="modal-body">
        <p id={introId}>
          These payments fell due while ArcFlux was closed or asleep. Nothing was paid. Choose the
          runs to pay, or skip them.
        </p>
        {payments.length === 0 ? (
          <p className="muted">Nothing is waiting any more.</p>
        ) : (
          <ul className="missed-list">
            {payments.map((payment) => (
              <MissedRow key={payment.id} payment={payment} />
            ))}
          </ul>
        )}
        {error ? (
          <p className="inline-notice inline-notice--danger" role="alert">
            {error.message}
          </p>
        ) : null}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button button--primary" onClick={closeMissedRuns}>
          Decide later
        </button>
      </footer>
    </Modal>
  );
}

function MissedRow({ payment }: { payment: Payment }) {
  const name = useAppStore((state) => state.userNames[payment.recipientId] ?? payment.recipientId);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  const busy = useAppStore((state) => state.missedBusy[payment.id]);
  const reviewState = useAppStore((state) => state.missedReviews[payment.id]);
  const reviewMissedRuns = useAppStore((state) => state.reviewMissedRuns);
  const payMissedRuns = useAppStore((state) => state.payMissedRuns);
  const skipMissedRuns = useAppStore((state) => state.skipMissedRuns);
  // The household server can't be reached: paying missed runs waits until it is back.
  const readOnly = useAppStore(isReadOnly);
  // Undefined until the user changes the choice: every held run is chosen at first.
  const [choice, setChoice] = useState<string[] | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();

  useEffect(() => {
    // With nothing chosen there is nothing to check; the row says so instead.
    if (choice?.length !== 0) void reviewMissedRuns(payment.id, choice);
  }, [payment.id, payment.updatedAt, choice, reviewMissedRuns]);

  const review = reviewState?.review ?? null;
  // The runs come from the core's review, which leaves out any run later than the clock.
  const runs = review?.runs ?? [];
  const chosen = choice ?? runs.filter((run) => run.chosen).map((run) => run.at);
  const settled = reviewState?.status === 'ready' && chosen.length > 0;
  const toggle = (at: string) => {
    setConfirming(false);
    const next = chosen.includes(at) ? chosen.filter((run) => run !== at) : [...chosen, at];
    setChoice(runs.map((run) => run.at).filter((run) => next.includes(run)));
  };
  const money = (amount: string) => formatAmount(amount, payment.currency);

  return (
    <li className="missed-row" aria-labelledby={headingId}>
      <div className="missed-text">
        <p className="missed-title" id={headingId}>
          {money(payment.amount)} to {name}
        </p>
        <p className="muted">{describeSchedule(payment.schedule, payment.timezone)}</p>
        {reviewState?.status === 'error' ? (
          <p className="inline-notice inline-notice--danger" role="alert">
            {reviewState.error.message}
          </p>
        ) : null}
        <fieldset className="missed-runs" disabled={busy !== undefined}>
          <legend className="visually-hidden">Missed runs of the payment to {name}</legend>
          {runs.map((run) => (
            <label className="missed-run" key={run.at}>
              <input
                type="checkbox"
                checked={chosen.includes(run.at)}
                onChange={() => toggle(run.at)}
              />
              <time dateTime={run.at}>{formatInstant(run.at, timeZone)}</time>
              {run.chosen && run.check && run.check !== 'fits' ? (
                <span className="missed-run-refused">Would be refused: {run.reason}</span>
              ) : null}
            </label>
          ))}
        </fieldset>
        {chosen.length === 0 && runs.length > 0 ? (
          <p className="missed-summary">No run chosen. Choose the runs to pay, or skip them all.</p>
        ) : review ? (
          <MissedSummary review={review} busy={reviewState?.status === 'loading'} />
        ) : null}
        {confirming && review ? (
          <div className="missed-confirm" role="group" aria-label={`Pay missed runs to ${name}?`}>
            <p>
              Pay {review.chosen.fitting} {review.chosen.fitting === 1 ? 'run' : 'runs'} to {name}:{' '}
              {money(review.chosen.fittingTotal)} in all
              {review.balanceAfter === null ? '' : `, leaving ${money(review.balanceAfter)}`}?
              {review.chosen.count > review.chosen.fitting
                ? ` ${review.chosen.count - review.chosen.fitting} chosen ${review.chosen.count - review.chosen.fitting === 1 ? 'run would be' : 'runs would be'} refused and not paid.`
                : ''}{' '}
              Runs you did not choose are skipped.
            </p>
            <div className="missed-actions">
              <button
                type="button"
                className="button button--primary button--small"
                autoFocus
                onClick={() => setConfirming(false)}
              >
                Don't pay
              </button>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={busy !== undefined || !settled || readOnly}
                onClick={() => void payMissedRuns(payment.id, chosen)}
              >
                {busy === 'paying' ? 'Paying…' : `Pay ${money(review.chosen.fittingTotal)}`}
              </button>
            </div>
          </div>
        ) : null}
      </div>
      <div className="missed-actions">
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={
            busy !== undefined || confirming || !settled || readOnly || review?.chosen.fitting === 0
          }
          aria-label={`Pay ${chosen.length} missed ${chosen.length === 1 ? 'run' : 'runs'} to ${name}`}
          onClick={() => setConfirming(true)}
        >
          Pay…
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy !== undefined}
          aria-label={`Skip missed runs to ${name}`}
          onClick={() => void skipMissedRuns(payment.id)}
        >
          {busy === 'skipping' ? 'Skipping…' : 'Skip all'}
        </button>
      </div>
    </li>
  );
}

/** The chosen runs in figures, as the core counted them. */
function MissedSummary({ review, busy }: { review: MissedReview; busy: boolean }) {
  const money = (amount: string) => formatAmount(amount, review.currency);
  const { count, total, fitting } = review.chosen;
  return (
    <p className="missed-summary" aria-busy={busy} aria-live="polite">
      {count} of {review.runs.length} {review.runs.length === 1 ? 'run' : 'runs'} chosen,{' '}
      {money(total)}.
      {fitting < count ? ` ${fitting} would be paid, ${count - fitting} refused.` : ''}
      {review.balance === null
        ? ' Your balance could not be read; it is checked before each run is paid.'
        : ` Balance now ${money(review.balance)}, after ${money(review.balanceAfter ?? review.balance)}.`}
    </p>
  );
}
