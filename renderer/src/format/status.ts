import type { ReplyStatus } from '../../../shared/contract/commands';
import type { TransferStatus } from '../../../shared/contract/transfers';
import type { SkipReason } from '../../../shared/schemas/execution';
import type { PaymentStatus } from '../../../shared/schemas/payment';
import type { ProposalStatus } from '../../../shared/schemas/proposal';

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** What each status means to the person paying, and how loudly to show it. */
export const STATUS_DISPLAY: Record<PaymentStatus, { label: string; tone: StatusTone }> = {
  pending_confirmation: { label: 'Needs confirmation', tone: 'warning' },
  scheduled: { label: 'Scheduled', tone: 'info' },
  executing: { label: 'Sending', tone: 'info' },
  executed: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  denied: { label: 'Denied', tone: 'danger' },
  flagged: { label: 'Held for review', tone: 'warning' },
  missed: { label: 'Missed', tone: 'warning' },
};

/** What each transfer's status means: the execution journal's own codes. */
export const TRANSFER_STATUS_DISPLAY: Record<TransferStatus, { label: string; tone: StatusTone }> =
  {
    started: { label: 'Sending', tone: 'info' },
    succeeded: { label: 'Sent', tone: 'success' },
    failed: { label: 'Failed', tone: 'danger' },
    skipped: { label: 'Skipped', tone: 'neutral' },
  };

/** Why a skipped run was skipped, from the journal's code. */
export const SKIP_REASON_DISPLAY: Record<SkipReason, string> = {
  policy: 'Missed while closed; skipped by its policy',
  user: 'Skipped by you',
  not_chosen: 'Not chosen when you confirmed missed runs',
  paused: 'Fell due while paused',
};

/** The badge on ArcFlux's answer to a command, from the status the core gave it. */
export const REPLY_STATUS_DISPLAY: Record<ReplyStatus, { label: string; tone: StatusTone }> = {
  answer: { label: 'Answer', tone: 'info' },
  done: { label: 'Done', tone: 'success' },
  needs_you: { label: 'Needs you', tone: 'warning' },
  refused: { label: 'Refused', tone: 'danger' },
};

/** The badge once the confirmation an answer asked for is settled, wherever it was settled. */
export const SETTLED_PROPOSAL_DISPLAY: Record<
  Exclude<ProposalStatus, 'pending'>,
  { label: string; tone: StatusTone }
> = {
  confirmed: { label: 'Confirmed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'neutral' },
};

/**
 * How an answer shows: the kind the core gave it, until the confirmation it asked for is
 * settled (confirmed, cancelled or expired, at any door); then how it was settled.
 */
export function replyDisplay(
  status: ReplyStatus,
  proposal: ProposalStatus | null,
): { label: string; tone: StatusTone } {
  return proposal && proposal !== 'pending'
    ? SETTLED_PROPOSAL_DISPLAY[proposal]
    : REPLY_STATUS_DISPLAY[status];
}
