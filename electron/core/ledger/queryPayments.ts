import type { PaymentFilter, PaymentPage } from '../../../shared/contract/payments';
import { toMinorUnits } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';

/**
 * Filters, sorts and pages the ledger. `describeRecipient` supplies the words a person
 * would search for (display name, nicknames), so search matches what the UI shows.
 */
export function queryPayments(
  payments: readonly Payment[],
  filter: PaymentFilter,
  describeRecipient: (recipientId: string) => string,
): PaymentPage {
  const statuses = filter.status === undefined ? undefined : new Set([filter.status].flat());
  const needle = filter.q?.trim().toLowerCase();
  const matching = payments.filter(
    (payment) =>
      (filter.userId === undefined || payment.userId === filter.userId) &&
      (statuses === undefined || statuses.has(payment.status)) &&
      (filter.recipient === undefined || payment.recipientId === filter.recipient) &&
      (filter.currency === undefined || payment.currency === filter.currency) &&
      (filter.from === undefined || payment.createdAt >= filter.from) &&
      (filter.to === undefined || payment.createdAt < filter.to) &&
      (!needle || searchText(payment, describeRecipient).includes(needle)),
  );
  const sorted = sortPayments(matching, filter.sort);
  return {
    items: sorted.slice(filter.offset, filter.offset + filter.limit),
    total: matching.length,
    offset: filter.offset,
    limit: filter.limit,
  };
}

function searchText(payment: Payment, describeRecipient: (recipientId: string) => string) {
  return [
    payment.id,
    payment.recipientId,
    describeRecipient(payment.recipientId),
    payment.memo ?? '',
    payment.sourceText,
    payment.amount,
    payment.currency,
    payment.status,
  ]
    .join('\u0000')
    .toLowerCase();
}

/**
 * Sorts by one field, ties broken by id so paging is stable between requests. Keys are
 * computed once per row (amounts as bigint minor units), not once per comparison, which
 * matters at 100k rows. Payments with nothing left to run sort last either way.
 */
function sortPayments(payments: Payment[], sort: PaymentFilter['sort']): Payment[] {
  const direction = sort.startsWith('-') ? -1 : 1;
  const field = (direction < 0 ? sort.slice(1) : sort) as 'createdAt' | 'amount' | 'nextRunAt';
  const keyed = payments.map((payment) => ({
    payment,
    key: field === 'amount' ? toMinorUnits(payment.amount) : payment[field],
  }));
  keyed.sort((left, right) => {
    if (left.key === null || right.key === null) {
      if (left.key === right.key) return compareText(left.payment.id, right.payment.id);
      return left.key === null ? 1 : -1;
    }
    const order = left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
    return order * direction || compareText(left.payment.id, right.payment.id);
  });
  return keyed.map((entry) => entry.payment);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
