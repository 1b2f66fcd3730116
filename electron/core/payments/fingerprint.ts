import { createHash } from 'node:crypto';
import type { Payment } from '../../../shared/schemas/payment';

/**
 * A hash of every field of a payment that decides what money moves, where and when. A
 * proposal keeps the hash it was made with; if the payment no longer hashes the same,
 * what the user saw is not what would run, and confirming is refused.
 */
export function paymentFingerprint(payment: Payment): string {
  const moneyFields = {
    userId: payment.userId,
    recipientId: payment.recipientId,
    amount: payment.amount,
    currency: payment.currency,
    schedule: payment.schedule,
    timezone: payment.timezone,
    memo: payment.memo ?? null,
  };
  return createHash('sha256').update(JSON.stringify(moneyFields), 'utf8').digest('hex');
}
