import { formatInstant } from '../../../../shared/format';
import { formatAmount } from '../../../../shared/money';
import type { Payment } from '../../../../shared/schemas/payment';
import { describeSchedule } from '../../format/schedule';
import { STATUS_DISPLAY } from '../../format/status';
import { useAppStore } from '../../store/appStore';

/**
 * One payment in a line and a half, from its own data: amount, recipient, schedule in
 * words, and its next run (or its status when nothing is due). The cancel confirmation and
 * the "which one?" list show payments the same way.
 */
export function PaymentSummary({ payment }: { payment: Payment }) {
  const name = useAppStore((state) => state.userNames[payment.recipientId] ?? payment.recipientId);
  const timeZone = useAppStore((state) => state.settings?.timezone ?? 'UTC');
  return (
    <span className="payment-summary">
      <span className="payment-summary-title">
        <strong>{formatAmount(payment.amount, payment.currency)}</strong> to {name}
      </span>
      <span className="payment-summary-detail">
        {describeSchedule(payment.schedule, payment.timezone)} ·{' '}
        {payment.nextRunAt && payment.status === 'scheduled' && !payment.paused ? (
          <>
            next{' '}
            <time dateTime={payment.nextRunAt}>{formatInstant(payment.nextRunAt, timeZone)}</time>
          </>
        ) : payment.paused ? (
          'Paused'
        ) : (
          STATUS_DISPLAY[payment.status].label
        )}
      </span>
    </span>
  );
}

/** The recipient's name, as the summary shows it. */
export function useRecipientName(payment: Payment | undefined): string {
  return useAppStore((state) =>
    payment ? (state.userNames[payment.recipientId] ?? payment.recipientId) : '',
  );
}
