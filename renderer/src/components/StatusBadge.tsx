import type { PaymentStatus } from '../../../shared/schemas/payment';
import { STATUS_DISPLAY } from '../format/status';

export function StatusBadge({ status, paused }: { status: PaymentStatus; paused: boolean }) {
  const { label, tone } = STATUS_DISPLAY[status];
  return (
    <span className={`badge badge--${tone}`}>
      {label}
      {paused && status === 'scheduled' ? ' · paused' : ''}
    </span>
  );
}
