import { formatInstant } from '../../../shared/format';
import { formatAmount } from '../../../shared/money';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { NotificationDraft } from '../notifications/notificationService';
import type { UsersRepository } from '../repositories/users';
import type { TickPlan } from './duePlan';

/**
 * What a tick tells people: one "paid" summary per payer (a busy tick must not send a
 * thousand emails), each failure on its own (once per payment, reason and day), and each
 * payment whose missed runs wait for an answer, listing them.
 */
export function tickNotifications(input: {
  finished: readonly Execution[];
  plan: Pick<TickPlan, 'held' | 'skipped'>;
  rowOf: (paymentId: string) => Payment | undefined;
  users: UsersRepository;
}): NotificationDraft[] {
  const { finished, plan, rowOf, users } = input;
  const nameOf = (userId: string) => users.find(userId)?.displayName ?? userId;
  const zoneOf = (payment: Payment) => payment.timezone;
  const drafts: NotificationDraft[] = [];
  const paidBy = new Map<string, { payment: Payment; execution: Execution }[]>();
  for (const execution of finished) {
    const payment = rowOf(execution.paymentId);
    if (!payment) continue;
    const money = formatAmount(execution.amount, execution.currency);
    if (execution.status === 'succeeded') {
      const paid = paidBy.get(payment.userId) ?? [];
      paid.push({ payment, execution });
      paidBy.set(payment.userId, paid);
    } else if (execution.status === 'failed') {
      // A failed line is final: the occurrence is never submitted again.
      const day = execution.occurrenceAt.slice(0, 10);
      const when = formatInstant(execution.occurrenceAt, zoneOf(payment));
      const why = execution.error ?? 'the payment service refused it.';
      drafts.push({
        userId: payment.userId,
        kind: 'failed',
        title: `Payment of ${money} to ${nameOf(payment.recipientId)} failed`,
        body: `The ${when} payment did not go through: ${why}`,
        paymentId: payment.id,
        executionId: execution.id,
        operator: {
          event: 'failed',
          title: `${nameOf(payment.userId)}: ${money} to ${nameOf(payment.recipientId)} failed for good`,
          body: `The ${when} run will not be retried: ${why}`,
        },
        dedupeKey: `failed:${payment.id}:${execution.failure ?? 'rejected'}:${day}`,
      });
    }
  }
  for (const [userId, paid] of paidBy) {
    const lines = paid
      .slice(0, 10)
      .map(
        ({ payment, execution }) =>
          `${formatAmount(execution.amount, execution.currency)} to ${nameOf(payment.recipientId)} (${formatInstant(execution.occurrenceAt, zoneOf(payment))})`,
      );
    const more = paid.length > 10 ? ` and ${paid.length - 10} more` : '';
    const only = paid.length === 1 ? paid[0] : undefined;
    drafts.push({
      userId,
      kind: 'executed',
      title: only
        ? `Paid ${formatAmount(only.execution.amount, only.execution.currency)} to ${nameOf(only.payment.recipientId)}`
        : `Paid ${paid.length} payments`,
      body: `Sent: ${lines.join('; ')}${more}.`,
      paymentId: only ? only.payment.id : null,
    });
  }
  for (const { payment, occurrences, more } of plan.held) {
    const listed = occurrences.map((at) => formatInstant(at, zoneOf(payment)));
    drafts.push({
      userId: payment.userId,
      kind: 'missed',
      title: `${occurrences.length} missed run(s) of your payment to ${nameOf(payment.recipientId)}`,
      body: `ArcFlux was closed or asleep when these ${formatAmount(payment.amount, payment.currency)} payments fell due, so nothing was sent: ${listed.join('; ')}${more ? ' and more' : ''}. Confirm to pay them now, or skip them.`,
      paymentId: payment.id,
    });
  }
  for (const { payment, occurrences } of plan.skipped) {
    drafts.push({
      userId: payment.userId,
      kind: 'missed',
      title: `Skipped ${occurrences.length} missed run(s) to ${nameOf(payment.recipientId)}`,
      body: `These runs fell due while ArcFlux was closed or asleep and were skipped, as this payment's policy says: ${occurrences.map((at) => formatInstant(at, zoneOf(payment))).join('; ')}.`,
      paymentId: payment.id,
    });
  }
  return drafts;
}
