import { useId } from 'react';
import { formatInstant } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Payment } from '../../../../shared/schemas/payment';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import { Modal } from './Modal';

const SHOWN_RUNS = 5;

/**
 * Runs that fell due while ArcFlux was closed or asleep are never paid without an answer.
 * Each payment gets a row: Pay approves its missed runs (the next tick pays them), Skip
 * drops them. "Decide later" leaves them waiting.
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
          These payments fell due while ArcFlux was closed or asleep. Nothing was paid. Pay them
          now, or skip them.
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
        <button type="button" className="button button--secondary" onClick={closeMissedRuns}>
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
  const payMissedRuns = useAppStore((state) => state.payMissedRuns);
  const skipMissedRuns = useAppStore((state) => state.skipMissedRuns);
  const runs = payment.missedRuns ?? [];
  const headingId = useId();

  return (
    <li className="missed-row" aria-labelledby={headingId}>
      <div className="missed-text">
        <p className="missed-title" id={headingId}>
          {formatAmount(payment.amount, payment.currency)} to {name}
        </p>
        <p className="muted">{describeSchedule(payment.schedule, payment.timezone)}</p>
        <ul className="missed-runs" aria-label={`Missed runs of the payment to ${name}`}>
          {runs.slice(0, SHOWN_RUNS).map((run) => (
            <li key={run}>
              <time dateTime={run}>{formatInstant(run, timeZone)}</time>
            </li>
          ))}
          {runs.length > SHOWN_RUNS ? <li>and {runs.length - SHOWN_RUNS} more</li> : null}
        </ul>
      </div>
      <div className="missed-actions">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={busy !== undefined}
          aria-label={`Pay ${runs.length} missed ${runs.length === 1 ? 'run' : 'runs'} to ${name}`}
          onClick={() => void payMissedRuns(payment.id)}
        >
          {busy === 'paying' ? 'Paying…' : 'Pay'}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy !== undefined}
          aria-label={`Skip missed runs to ${name}`}
          onClick={() => void skipMissedRuns(payment.id)}
        >
          {busy === 'skipping' ? 'Skipping…' : 'Skip'}
        </button>
      </div>
    </li>
  );
}
