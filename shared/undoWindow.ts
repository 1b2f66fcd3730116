import type { Payment } from './schemas/payment';

/**
 * Whether a payment's first run is still held for its undo window: scheduled, not paused,
 * and its due time is still the window's end (the run has not been taken). The core's
 * timer and the renderer's countdown read the same fields the same way.
 */
export function waitsOutWindow(
  payment: Payment,
): payment is Payment & { undoUntil: string; nextRunAt: string } {
  return (
    payment.status === 'scheduled' &&
    !payment.paused &&
    payment.undoUntil !== undefined &&
    payment.nextRunAt === payment.undoUntil
  );
}
