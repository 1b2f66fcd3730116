import type { PaymentFilter, PaymentPage } from '../../../shared/contract/payments';
import { compareAmounts } from '../../../shared/money';
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
  const sorted = matching.sort(comparatorFor(filter.sort));
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

type Comparator = (left: Payment, right: Payment) => number;

function comparatorFor(sort: PaymentFilter['sort']): Comparator {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as 'createdAt' | 'amount' | 'nextRunAt';
  const ascending: Comparator =
    field === 'amount'
      ? (left, right) => compareAmounts(left.amount, right.amount)
      : (left, right) => compareNullableText(left[field], right[field]);
  // Ties fall back to id so paging is stable between requests.
  return (left, right) =>
    (descending ? -ascending(left, right) : ascending(left, right)) ||
    left.id.localeCompare(right.id);
}

/** ISO instants sort as text; payments with nothing left to run sort last. */
function compareNullableText(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return left < right ? -1 : 1;
}
