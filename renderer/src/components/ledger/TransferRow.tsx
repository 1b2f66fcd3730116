import { memo } from 'react';
import { formatInstant, formatInstantShort } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Transfer } from '../../../../shared/contract/transfers';
import { useAppStore } from '../../store/appStore';
import { SKIP_REASON_DISPLAY } from '../../format/status';
import { TransferStatusBadge } from '../StatusBadge';
import { ChevronIcon } from './PaymentRow';

interface TransferRowProps {
  transfer: Transfer;
  timeZone: string;
  /** 1-based position among all matching rows, header included (aria-rowindex). */
  rowIndex: number;
  /** Opens the payment the transfer belongs to. */
  onOpen(paymentId: string): void;
}

/**
 * One transfer: when it was paid (in the user's zone), to whom, how much, its status and
 * the payment service's transaction id. Clicking opens its payment's details.
 */
export const TransferRow = memo(function TransferRow({
  transfer,
  timeZone,
  rowIndex,
  onOpen,
}: TransferRowProps) {
  const recipientName = useAppStore(
    (state) => state.userNames[transfer.recipientId] ?? transfer.recipientId,
  );
  return (
    <tr
      className="ledger-row"
      aria-rowindex={rowIndex}
      data-transfer-id={transfer.id}
      onClick={() => onOpen(transfer.paymentId)}
    >
      <td className="cell-date">
        <time dateTime={transfer.at} title={formatInstant(transfer.at, timeZone)}>
          {formatInstantShort(transfer.at, timeZone)}
        </time>
      </td>
      <td className="cell-recipient">
        <span className="cell-primary">{recipientName}</span>
        {transfer.memo ? <span className="cell-secondary">{transfer.memo}</span> : null}
      </td>
      <td className="cell-amount">
        <data value={transfer.amount}>{formatAmount(transfer.amount)}</data>
      </td>
      <td className="cell-currency">{transfer.currency}</td>
      <td className="cell-status">
        <TransferStatusBadge status={transfer.status} />
        {transfer.skipReason ? (
          <span className="cell-secondary" data-skip-reason={transfer.skipReason}>
            {SKIP_REASON_DISPLAY[transfer.skipReason]}
          </span>
        ) : null}
      </td>
      <td className="cell-schedule">
        <span className="cell-primary cell-mono" title={transfer.transferId ?? undefined}>
          {transfer.transferId ?? '—'}
        </span>
        <span className="cell-secondary">
          Due{' '}
          <time dateTime={transfer.occurrenceAt}>
            {formatInstantShort(transfer.occurrenceAt, timeZone)}
          </time>
        </span>
      </td>
      <td className="cell-action">
        <button
          type="button"
          className="icon-button"
          aria-label={`Payment of ${formatAmount(transfer.amount, transfer.currency)} to ${recipientName}`}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(transfer.paymentId);
          }}
        >
          <ChevronIcon />
        </button>
      </td>
    </tr>
  );
});
