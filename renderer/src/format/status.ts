import type { PaymentStatus } from '../../../shared/schemas/payment';

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
