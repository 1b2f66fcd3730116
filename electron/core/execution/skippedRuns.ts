import type { Execution, SkipReason } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import { executionIdFor, occurrenceKey } from './idempotency';
import type { JournalView } from './journalView';

/**
 * The journal lines that record occurrences as skipped, under the same id and key a real
 * execution of each would have: once written, the occurrence is known, so settlePayment
 * moves past it and the engine never submits it. An occurrence the journal already knows
 * (started, paid, failed or skipped) keeps its line: a skip never rewrites what happened.
 * Each occurrence comes once even when listed twice.
 */
export function skippedLines(
  payment: Payment,
  occurrences: readonly string[],
  reason: SkipReason,
  input: { view: Pick<JournalView, 'get'>; at: string },
): Execution[] {
  const seen = new Set<string>();
  const lines: Execution[] = [];
  for (const occurrenceAt of occurrences) {
    const key = occurrenceKey(payment.id, occurrenceAt);
    const id = executionIdFor(key);
    if (seen.has(id) || input.view.get(id) !== undefined) continue;
    seen.add(id);
    lines.push({
      id,
      paymentId: payment.id,
      occurrenceAt: new Date(occurrenceAt).toISOString(),
      idempotencyKey: key,
      attempt: 1,
      status: 'skipped',
      amount: payment.amount,
      currency: payment.currency,
      startedAt: input.at,
      finishedAt: input.at,
      transferId: null,
      error: null,
      skipReason: reason,
    });
  }
  return lines;
}
