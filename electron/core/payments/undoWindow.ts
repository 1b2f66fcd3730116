import { formatAmount } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { waitsOutWindow } from '../../../shared/undoWindow';
import type { NotificationDraft } from '../notifications/notificationService';

/**
 * The undo window. A payment whose first run would come within `undoSeconds` of its
 * approval (straight away, for a one-off said without a time) is held until the window
 * closes, so the user can still take it back with nothing paid. The held time becomes the
 * payment's due time (`nextRunAt`), persisted like any other, so a restart keeps it and a
 * tick before it does nothing; lateness is measured from it, so waiting out the window
 * never makes the run "missed". A first run already set for later needs no extra wait.
 * A repeating schedule faster than the window starts at the window's end: the runs that
 * would have fallen inside it are not paid (less money moves, never more).
 */
export function firstRunAfterUndo(
  start: string | null,
  now: string,
  undoSeconds: number,
): Pick<Payment, 'nextRunAt'> & { undoUntil?: string } {
  if (start === null || undoSeconds === 0) return { nextRunAt: start };
  const untilMs = Date.parse(now) + undoSeconds * 1000;
  if (Date.parse(start) >= untilMs) return { nextRunAt: start };
  const until = new Date(untilMs).toISOString();
  return { nextRunAt: until, undoUntil: until };
}

/**
 * Milliseconds from `now` until the soonest undo window still open closes, for the
 * scheduler's timer; undefined when none is open.
 */
export function nextWindowEnd(payments: readonly Payment[], now: Date): number | undefined {
  let soonest: number | undefined;
  for (const payment of payments) {
    if (!waitsOutWindow(payment)) continue;
    const wait = Date.parse(payment.undoUntil) - now.getTime();
    if (wait > 0 && (soonest === undefined || wait < soonest)) soonest = wait;
  }
  return soonest;
}

/** What the window means, in one sentence, for the reply and the notice. */
export function undoSentence(payment: Payment): string {
  // The row was stamped when the window opened, so the two instants give its length.
  const seconds = Math.round(
    (Date.parse(payment.undoUntil ?? payment.updatedAt) - Date.parse(payment.updatedAt)) / 1000,
  );
  return `Nothing is paid yet: it is sent in ${seconds} seconds unless you undo it.`;
}

/** The in-app notice that a payment is waiting out its window; the toast counts it down. */
export function undoWindowNotice(payment: Payment, recipientName: string): NotificationDraft {
  return {
    userId: payment.userId,
    kind: 'undo_window',
    title: `${formatAmount(payment.amount, payment.currency)} to ${recipientName}`,
    body: undoSentence(payment),
    paymentId: payment.id,
  };
}
