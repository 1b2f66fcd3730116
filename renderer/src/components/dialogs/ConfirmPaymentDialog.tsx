import { useId } from 'react';
import { formatInstant } from '../../../../shared/format';
import { compareAmounts, formatAmount } from '../../../../shared/money';
import { describeSchedule } from '../../format/schedule';
import { useNow } from '../../hooks/useNow';
import { useAppStore } from '../../store/appStore';
import { expiresInMs, type PendingConfirmation } from '../../store/confirmationSlice';
import { isReadOnly } from '../../store/householdSlice';
import { ModelWords } from '../ModelWords';
import { RiskRules } from '../RiskRules';
import { VerificationBadge } from '../VerificationBadge';
import { Modal } from './Modal';

/**
 * The read-back before money moves: everything here comes from the core's proposal, so
 * every door shows the same thing. Confirm is pinned to this proposal; Cancel (or Esc)
 * cancels the payment, so nothing of it is scheduled.
 */
export function ConfirmPaymentDialog() {
  const confirmation = useAppStore((state) => state.confirmation);
  if (!confirmation) return null;
  return <ConfirmPaymentContent key={confirmation.proposal.id} confirmation={confirmation} />;
}

function ConfirmPaymentContent({ confirmation }: { confirmation: PendingConfirmation }) {
  const status = useAppStore((state) => state.confirmationStatus);
  const error = useAppStore((state) => state.confirmationError);
  const confirmPayment = useAppStore((state) => state.confirmPayment);
  const cancelConfirmation = useAppStore((state) => state.cancelConfirmation);
  const dismissConfirmation = useAppStore((state) => state.dismissConfirmation);
  const clock = useAppStore((state) => state.now);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  // The household server is unreachable: the yes could not reach it, so it is not offered.
  const readOnly = useAppStore(isReadOnly);
  const recipient = useAppStore(
    (state) => state.users.find((user) => user.id === confirmation.payment.recipientId) ?? null,
  );
  const now = useNow(clock, 1000);
  const titleId = useId();
  const sentenceId = useId();
  const runsId = useId();
  const rulesId = useId();
  const summaryId = useId();

  const { payment, proposal } = confirmation;
  const remaining = expiresInMs(confirmation, now);
  const expired = remaining <= 0;
  const busy = status !== 'idle';
  const recipientName = recipient?.displayName ?? payment.recipientId;

  return (
    <Modal
      labelledBy={titleId}
      describedBy={sentenceId}
      className="confirm-dialog"
      onEscape={() => (expired ? dismissConfirmation() : void cancelConfirmation())}
    >
      <header className="modal-header">
        <h2 className="modal-title" id={titleId}>
          Confirm payment
          <span className="visually-hidden">
            {' '}
            of {formatAmount(payment.amount, payment.currency)} to {recipientName}
          </span>
        </h2>
        <Countdown remainingMs={remaining} expiresAt={proposal.expiresAt} timeZone={timeZone} />
      </header>

      <div className="modal-body">
        <p className="readback-sentence" id={sentenceId}>
          {proposal.readBack.sentence}
        </p>

        <div className="confirm-summary">
          <p className="confirm-amount">
            <data value={payment.amount}>{formatAmount(payment.amount)}</data>{' '}
            <span className="confirm-currency">{payment.currency}</span>
          </p>
          <dl className="facts">
            <div className="fact">
              <dt>To</dt>
              <dd>
                <span className="fact-strong">{recipientName}</span>{' '}
                <VerificationBadge verification={confirmation.verification} />
                {recipient ? (
                  <span className="fact-secondary mono" title={recipient.walletAddress}>
                    {shortAddress(recipient.walletAddress)}
                  </span>
                ) : null}
              </dd>
            </div>
            <div className="fact">
              <dt>When</dt>
              <dd>{describeSchedule(payment.schedule, payment.timezone)}</dd>
            </div>
            {payment.memo ? (
              <div className="fact">
                <dt>Memo</dt>
                <dd>{payment.memo}</dd>
              </div>
            ) : null}
          </dl>
        </div>

        <section className="modal-section" aria-labelledby={runsId}>
          <h3 className="modal-section-title" id={runsId}>
            {proposal.readBack.nextRuns.length > 1 ? 'Next payments' : 'Payment'}
          </h3>
          {proposal.readBack.nextRuns.length === 0 ? (
            <p className="muted">
              ArcFlux could not read your balance, so the balance after this payment is not shown.
            </p>
          ) : (
            <table className="runs-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="cell-amount">
                    Amount
                  </th>
                  <th scope="col" className="cell-amount">
                    Balance after
                  </th>
                </tr>
              </thead>
              <tbody>
                {proposal.readBack.nextRuns.map((run) => (
                  <tr key={run.at}>
                    <td>
                      <time dateTime={run.at}>{formatInstant(run.at, timeZone)}</time>
                    </td>
                    <td className="cell-amount">
                      {formatAmount(payment.amount, payment.currency)}
                    </td>
                    <td
                      className={
                        compareAmounts(run.balanceAfter, '0') < 0
                          ? 'cell-amount cell-amount--negative'
                          : 'cell-amount'
                      }
                    >
                      {formatAmount(run.balanceAfter, payment.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="modal-section" aria-labelledby={rulesId}>
          <h3 className="modal-section-title" id={rulesId}>
            Guardian checks
          </h3>
          <RiskRules rules={proposal.readBack.rules} labelledBy={rulesId} />
        </section>

        {proposal.readBack.narrative ? (
          // Its own section: the model's words explain the checks, they are not one of them.
          <section className="modal-section" aria-labelledby={summaryId}>
            <h3 className="modal-section-title" id={summaryId}>
              Local model&apos;s summary (not a check)
            </h3>
            <ModelWords narrative={proposal.readBack.narrative} />
          </section>
        ) : null}

        {expired ? (
          <p className="inline-notice inline-notice--warning" role="alert">
            This confirmation expired, so nothing was scheduled or paid. Send the command again to
            get a fresh one.
          </p>
        ) : error ? (
          <p className="inline-notice inline-notice--danger" role="alert">
            {error.message}
          </p>
        ) : null}
      </div>

      <footer className="modal-footer">
        {expired ? (
          <button type="button" className="button button--primary" onClick={dismissConfirmation}>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => void cancelConfirmation()}
            >
              {status === 'cancelling' ? 'Cancelling…' : 'Cancel'}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy || readOnly}
              title={
                readOnly ? 'The household server is offline; confirm once it is back.' : undefined
              }
              onClick={() => void confirmPayment()}
            >
              {status === 'confirming' ? 'Confirming…' : 'Confirm'}
            </button>
          </>
        )}
      </footer>
    </Modal>
  );
}

function Countdown({
  remainingMs,
  expiresAt,
  timeZone,
}: {
  remainingMs: number;
  expiresAt: string;
  timeZone: string;
}) {
  const seconds = Math.ceil(remainingMs / 1000);
  const text =
    seconds <= 0
      ? 'Expired'
      : `Expires in ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const urgent = seconds > 0 && seconds <= 60;
  return (
    <p
      className={urgent ? 'countdown countdown--urgent' : 'countdown'}
      role="timer"
      title={`Expires ${formatInstant(expiresAt, timeZone)}`}
    >
      {text}
    </p>
  );
}

/** "0x8a82…01a3": enough to recognise, the full address in the tooltip. */
function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
