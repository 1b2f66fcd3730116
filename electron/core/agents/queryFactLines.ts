import { formatInstant } from '../../../shared/format';
import { formatAmount } from '../../../shared/money';
import type { PaymentSummary, QueryFacts } from '../../../shared/schemas/answer';
import { formatRate } from '../../../shared/rateFormat';

/**
 * A question's facts as short lines of text in the user's zone: what a model may restate,
 * and what its words are checked against. Every amount, name and date comes from `facts`.
 */
export function queryFactLines(facts: QueryFacts, timezone: string): string[] {
  const when = (instant: string) => formatInstant(instant, timezone);
  const payment = (summary: PaymentSummary) =>
    `${formatAmount(summary.amount, summary.currency)} to ${summary.recipientName}, ${summary.status.replace('_', ' ')}, made ${when(summary.createdAt)}${summary.nextRunAt ? `, next run ${when(summary.nextRunAt)}` : ''}`;
  switch (facts.topic) {
    case 'balance':
      return facts.balances.map(
        (balance) => `Balance: ${formatAmount(balance.amount, balance.currency)}`,
      );
    case 'upcoming':
      return facts.occurrences.map(
        (run) =>
          `Scheduled: ${formatAmount(run.amount, run.currency)} to ${run.recipientName} on ${when(run.runAt)}`,
      );
    case 'history':
      return [
        `Payments: ${facts.total}`,
        ...facts.paid.map((total) => `Paid: ${formatAmount(total.amount, total.currency)}`),
        ...facts.payments.map((summary) => `Payment: ${payment(summary)}`),
      ];
    case 'status':
      return [
        ...(facts.payment ? [`Latest payment: ${payment(facts.payment)}`] : []),
        ...(facts.lastExecution
          ? [
              `Last attempt: ${facts.lastExecution.status} for the run of ${when(facts.lastExecution.occurrenceAt)}${facts.lastExecution.error ? ` (${facts.lastExecution.error})` : ''}`,
            ]
          : []),
      ];
    case 'worth':
    case 'total':
      return [
        ...facts.parts.map((part) => `Balance: ${formatAmount(part.amount, part.currency)}`),
        ...(facts.total === null
          ? ['Value: unknown, no exchange rate is known']
          : [`Approximate value: ${formatAmount(facts.total, facts.currency)}`]),
        ...(facts.rate
          ? [`Rate: ${formatRate(facts.rate)}${facts.rate.stale ? ' (stale)' : ''}`]
          : []),
      ];
    case 'risk':
      return facts.flags.map(
        (flag) =>
          `Needs attention: ${payment(flag.payment)}${flag.reasons.length ? `: ${flag.reasons.map((reason) => reason.explanation).join(' ')}` : ''}`,
      );
  }
}
