import { formatAmount } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { formatInstant, formatInstantShort } from '../../../shared/format';
import { describeSchedule } from '../format/schedule';
import { useAppStore } from '../store/appStore';
import { StatusBadge } from './StatusBadge';

export function PaymentRow({ payment, timeZone }: { payment: Payment; timeZone: string }) {
  const recipientName = useAppStore(
    (state) => state.userNames[payment.recipientId] ?? payment.recipientId,
  );
  const showNextRun = payment.nextRunAt !== null && payment.status === 'scheduled';
  return (
    <tr>
      <td className="cell-date">
        <time dateTime={payment.createdAt} title={formatInstant(payment.createdAt, timeZone)}>
          {formatInstantShort(payment.createdAt, timeZone)}
        </time>
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
      </td>
    </tr>
  );
}
