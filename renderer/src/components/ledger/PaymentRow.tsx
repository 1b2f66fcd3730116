import { memo } from 'react';
import { formatInstant, formatInstantShort } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Payment } from '../../../../shared/schemas/payment';
import { describeSchedule } from '../../format/schedule';
import { useAppStore } from '../../store/appStore';
import { StatusBadge } from '../StatusBadge';

export const LEDGER_COLUMNS = 7;

interface PaymentRowProps {
  payment: Payment;
  timeZone: string;
  /** 1-based position among all matching rows, header included (aria-rowindex). */
  rowIndex: number;
  onOpen(paymentId: string): void;
  /** Grouped by payment: how many of its transfers match the filters, and the latest one's time. */
  transfers?: number;
  lastAt?: string | null;
}

/** One ledger row. Clicking anywhere opens the details; the last cell is the keyboard way. */
export const PaymentRow = memo(function PaymentRow({
  payment,
  timeZone,
  rowIndex,
  onOpen,
  transfers,
  lastAt,
}: PaymentRowProps) {
  const recipientName = useAppStore(
    (state) => state.userNames[payment.recipientId] ?? payment.recipientId,
  );
  const showNextRun = payment.nextRunAt !== null && payment.status === 'scheduled';
  return (
    <tr className="ledger-row" aria-rowindex={rowIndex} onClick={() => onOpen(payment.id)}>
      <td className="cell-date">
        {lastAt === null ? (
          <span aria-label="Not run yet">—</span>
        ) : (
          <time
            dateTime={lastAt ?? payment.createdAt}
            title={formatInstant(lastAt ?? payment.createdAt, timeZone)}
          >
            {formatInstantShort(lastAt ?? payment.createdAt, timeZone)}
          </time>
        )}
      </td>
      <td className="cell-recipient">
        <span className="cell-primary">{recipientName}</span>
        {payment.memo ? <span className="cell-secondary">{payment.memo}</span> : null}
      </td>
      <td className="cell-amount">
        <data value={payment.amount}>{formatAmount(payment.amount)}</data>
      </td>
      <td className="cell-currency">{payment.currency}</td>
      <td className="cell-status">
        <StatusBadge status={payment.status} paused={payment.paused} />
      </td>
      <td className="cell-schedule">
        <span className="cell-primary">{describeSchedule(payment.schedule, payment.timezone)}</span>
        {showNextRun && payment.nextRunAt ? (
          <span className="cell-secondary">
            Next:{' '}
            <time dateTime={payment.nextRunAt}>{formatInstant(payment.nextRunAt, timeZone)}</time>
          </span>
        ) : null}
        {transfers !== undefined ? (
          <span className="cell-secondary transfer-count">
            {transfers === 1 ? '1 transfer' : `${transfers.toLocaleString('en-US')} transfers`}
          </span>
        ) : null}
      </td>
      <td className="cell-action">
        <button
          type="button"
          className="icon-button"
          aria-label={`Details of ${formatAmount(payment.amount, payment.currency)} to ${recipientName}`}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(payment.id);
          }}
        >
          <ChevronIcon />
        </button>
      </td>
    </tr>
  );
});

/** A row whose page is still on its way: same height, so scrolling never jumps. */
export function PendingRow({ rowIndex }: { rowIndex: number }) {
  return (
    <tr className="ledger-row skeleton-row" aria-rowindex={rowIndex} aria-busy="true">
      {Array.from({ length: LEDGER_COLUMNS }, (_, cell) => (
        <td key={cell}>
          <span className="skeleton skeleton--line" />
        </td>
      ))}
    </tr>
  );
}

export function ChevronIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path d="M8 5l5 5-5 5" fill="none" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
