import { useId, useRef } from 'react';
import type { Payment } from '../../../../shared/schemas/payment';
import { useAppStore } from '../../store/appStore';
import { PaymentSummary, useRecipientName } from '../payments/PaymentSummary';
import { Modal } from './Modal';

/**
 * The one question before a cancel, whoever asked for it: the Upcoming panel's Cancel
 * button or a typed or spoken cancel. It names what will be cancelled; Keep (the safe
 * answer, focused first) and Esc change nothing. Its yes calls payments:cancel for each.
 */
export function CancelPaymentsDialog() {
  const request = useAppStore((state) => state.cancelRequest);
  const hasConfirmation = useAppStore((state) => state.confirmation !== null);
  // One question at a time: a payment waiting for its confirmation goes first.
  if (!request || hasConfirmation) return null;
  return <CancelQuestion payments={request} />;
}

function CancelQuestion({ payments }: { payments: Payment[] }) {
  const keepPayments = useAppStore((state) => state.keepPayments);
  const confirmCancel = useAppStore((state) => state.confirmCancel);
  const titleId = useId();
  const textId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  const [only] = payments;
  const name = useRecipientName(only);
  const single = payments.length === 1 ? only : undefined;
  const recurring = single?.schedule.kind === 'recurring';
  const title = single
    ? recurring
      ? 'Cancel this schedule?'
      : 'Cancel this payment?'
    : `Cancel ${payments.length} payments?`;
  const question = single
    ? recurring
      ? `Cancel every remaining payment to ${name}?`
      : `Cancel this payment to ${name}?`
    : `Cancel all ${payments.length} payments below?`;
  const yes = single
    ? recurring
      ? 'Cancel schedule'
      : 'Cancel payment'
    : `Cancel ${payments.length} payments`;
  return (
    <Modal
      labelledBy={titleId}
      describedBy={textId}
      className="cancel-dialog"
      role="alertdialog"
      initialFocus={keepRef}
      onEscape={keepPayments}
    >
      <header className="modal-header">
        <h2 className="modal-title" id={titleId}>
          {title}
        </h2>
      </header>
      <div className="modal-body">
        <p id={textId}>
          {question} Nothing more of {payments.length === 1 ? 'it' : 'them'} will run. The message
          that follows offers Undo.
        </p>
        <ul className="cancel-list" aria-label="Payments to cancel">
          {payments.map((payment) => (
            <li key={payment.id}>
              <PaymentSummary payment={payment} />
            </li>
          ))}
        </ul>
      </div>
      <footer className="modal-footer">
        <button
          ref={keepRef}
          type="button"
          className="button button--secondary"
          onClick={keepPayments}
        >
          Keep
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => void confirmCancel()}
        >
          {yes}
        </button>
      </footer>
    </Modal>
  );
}
