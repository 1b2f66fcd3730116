import type { Payment, PaymentStatus } from '../../../shared/schemas/payment';
import { executionIdFor, occurrenceKey } from '../execution/idempotency';
import type { JournalView } from '../execution/journalView';
import { nextOccurrence } from '../schedule/occurrences';

/**
 * Brings a payment row up to date with the execution journal, which is the authority on
 * what was submitted. An occurrence the journal knows (started, finished or skipped) is
 * no longer the row's to run: `nextRunAt` moves past it, and approved or missed runs drop
 * it. A payment with nothing left to run takes its status from its submitted executions
 * (a skipped run says nothing about how it ended). Pure and idempotent, so the same
 * call after a crash repairs a row the crash left behind. Returns the same object when
 * nothing changes.
 */
export function settlePayment(payment: Payment, view: JournalView, now: string): Payment {
  const known = (at: string) =>
    view.get(executionIdFor(occurrenceKey(payment.id, at))) !== undefined;
  let nextRunAt = payment.nextRunAt;
  while (nextRunAt !== null && known(nextRunAt)) {
    nextRunAt = nextOccurrence(payment.schedule, nextRunAt);
  }
  const approvedRuns = (payment.approvedRuns ?? []).filter((at) => !known(at));
  const missedRuns = (payment.missedRuns ?? []).filter((at) => !known(at));
  const status = settledStatus(payment, view, nextRunAt, approvedRuns.length);
  const unchanged =
    nextRunAt === payment.nextRunAt &&
    status === payment.status &&
    approvedRuns.length === (payment.approvedRuns ?? []).length &&
    missedRuns.length === (payment.missedRuns ?? []).length;
  if (unchanged) return payment;
  return withRuns({ ...payment, nextRunAt, status, updatedAt: now }, missedRuns, approvedRuns);
}

/** The row with its held-run lists set, leaving out lists that are empty. */
export function withRuns(payment: Payment, missedRuns: string[], approvedRuns: string[]): Payment {
  const { missedRuns: _missed, approvedRuns: _approved, ...rest } = payment;
  return {
    ...rest,
    ...(missedRuns.length > 0 ? { missedRuns } : {}),
    ...(approvedRuns.length > 0 ? { approvedRuns } : {}),
  };
}

function settledStatus(
  payment: Payment,
  view: JournalView,
  nextRunAt: string | null,
  approvedLeft: number,
): PaymentStatus {
  const active = payment.status === 'scheduled' || payment.status === 'executing';
  if (!active || nextRunAt !== null || approvedLeft > 0) return payment.status;
  // A skipped run says nothing about how the payment ended: only what was submitted does.
  const executions = view
    .forPayment(payment.id)
    .filter((execution) => execution.status !== 'skipped');
  if (executions.length === 0) return payment.status;
  if (executions.some((execution) => execution.status === 'started')) return 'executing';
  const last = executions.reduce((latest, execution) =>
    execution.occurrenceAt > latest.occurrenceAt ? execution : latest,
  );
  return last.status === 'succeeded' ? 'executed' : 'failed';
}
