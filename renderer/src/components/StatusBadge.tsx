import type { ReplyStatus } from '../../../shared/contract/commands';
import type { PaymentStatus } from '../../../shared/schemas/payment';
import type { ProposalStatus } from '../../../shared/schemas/proposal';
import type { TransferStatus } from '../../../shared/contract/transfers';
import { replyDisplay, STATUS_DISPLAY, TRANSFER_STATUS_DISPLAY } from '../format/status';

export function StatusBadge({ status, paused }: { status: PaymentStatus; paused: boolean }) {
  const { label, tone } = STATUS_DISPLAY[status];
  return (
    <span className={`badge badge--${tone}`}>
      {label}
      {paused && status === 'scheduled' ? ' · paused' : ''}
    </span>
  );
}

/** A transfer's status: sending, sent, failed or skipped. */
export function TransferStatusBadge({ status }: { status: TransferStatus }) {
  const { label, tone } = TRANSFER_STATUS_DISPLAY[status];
  return <span className={`badge badge--${tone}`}>{label}</span>;
}

/** The badge on ArcFlux's answer to a command (see replyDisplay). */
export function ReplyStatusBadge({
  status,
  proposal,
}: {
  status: ReplyStatus;
  /** The status of the proposal the answer asked about, as it is now; null when none. */
  proposal: ProposalStatus | null;
}) {
  const { label, tone } = replyDisplay(status, proposal);
  return <span className={`badge badge--${tone}`}>{label}</span>;
}
