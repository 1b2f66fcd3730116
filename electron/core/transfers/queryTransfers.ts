import {
  TRANSFER_STATUS_ORDER,
  type TransferExportInput,
  type TransferFilter,
  type TransferGroup,
  type TransferPage,
} from '../../../shared/contract/transfers';
import { toMinorUnits } from '../../../shared/money';
import { PAYMENT_STATUSES, type Payment } from '../../../shared/schemas/payment';
import {
  ownTextMatches,
  sortParts,
  toTransfer,
  type PaymentFacts,
  type TransferIndex,
  type TransferRow,
} from './transferIndex';

type Criteria = TransferExportInput;

/**
 * One page of the history. By transfer, it walks the index's sorted order once, counting
 * matches and keeping only the page; by payment, it counts each payment's matching
 * transfers and sorts the payments.
 */
export function queryTransfers(
  index: TransferIndex,
  filter: TransferFilter,
  payments: () => readonly Payment[],
): TransferPage {
  index.sync();
  const page = { total: 0, offset: filter.offset, limit: filter.limit };
  if (filter.groupBy === 'payment') {
    const groups = groupByPayment(index, filter, payments);
    return {
      groupBy: 'payment',
      ...page,
      total: groups.length,
      items: groups.slice(filter.offset, filter.offset + filter.limit),
    };
  }
  const items = [];
  let total = 0;
  const end = filter.offset + filter.limit;
  for (const row of matchingRows(index, filter)) {
    if (total >= filter.offset && total < end) items.push(toTransfer(row));
    total += 1;
  }
  return { groupBy: 'transfer', ...page, total, items };
}

/** The matching rows in the filter's sort order, read lazily from the index. */
export function* matchingRows(index: TransferIndex, criteria: Criteria): Generator<TransferRow> {
  const matches = matcher(index, criteria);
  const { field, descending } = sortParts(criteria.sort);
  const { order, length } = index.order(field);
  const rows = index.rows;
  if (descending) {
    for (let position = length - 1; position >= 0; position -= 1) {
      const row = rows[order[position] as number] as TransferRow;
      if (matches(row)) yield row;
    }
  } else {
    for (let position = 0; position < length; position += 1) {
      const row = rows[order[position] as number] as TransferRow;
      if (matches(row)) yield row;
    }
  }
}

/** A test per row; payment-level text is searched once per payment and query. */
export function matcher(index: TransferIndex, criteria: Criteria): (row: TransferRow) => boolean {
  const statusMask =
    criteria.status === undefined
      ? -1
      : [criteria.status]
          .flat()
          .reduce((mask, status) => mask | (1 << TRANSFER_STATUS_ORDER.indexOf(status)), 0);
  const { userId, recipient, currency } = criteria;
  const fromMs = criteria.from === undefined ? -Infinity : Date.parse(criteria.from);
  const toMs = criteria.to === undefined ? Infinity : Date.parse(criteria.to);
  const needle = criteria.q?.trim().toLowerCase() ?? '';
  const stamp = index.stamp();
  return (row) => {
    const facts = row.facts;
    if (userId !== undefined && facts.payerId !== userId) return false;
    if (recipient !== undefined && facts.recipientId !== recipient) return false;
    if (currency !== undefined && row.execution.currency !== currency) return false;
    if ((statusMask & (1 << row.statusRank)) === 0) return false;
    if (row.atMs < fromMs || row.atMs >= toMs) return false;
    if (needle === '') return true;
    return paymentTextMatches(facts, needle, stamp) || ownTextMatches(row, needle);
  };
}

function paymentTextMatches(facts: PaymentFacts, needle: string, stamp: number): boolean {
  if (facts.searchStamp !== stamp) {
    facts.searchStamp = stamp;
    facts.searchHit = facts.text.includes(needle);
  }
  return facts.searchHit;
}

/**
 * Payments with how many of their transfers match. Without a transfer-level filter
 * (status, dates) a payment that has not run yet still shows, with 0 transfers, when its
 * own fields match: the grouped view keeps every row the payment ledger had.
 */
function groupByPayment(
  index: TransferIndex,
  filter: TransferFilter,
  payments: () => readonly Payment[],
): TransferGroup[] {
  const matches = matcher(index, filter);
  const stamp = index.stamp();
  const found: PaymentFacts[] = [];
  for (const row of index.rows) {
    if (!matches(row)) continue;
    const facts = row.facts;
    if (facts.groupStamp !== stamp) {
      facts.groupStamp = stamp;
      facts.groupCount = 0;
      facts.groupLastMs = -Infinity;
      found.push(facts);
    }
    facts.groupCount += 1;
    if (row.atMs > facts.groupLastMs) facts.groupLastMs = row.atMs;
  }
  const transferLevel =
    filter.status !== undefined || filter.from !== undefined || filter.to !== undefined;
  const needle = filter.q?.trim().toLowerCase() ?? '';
  const searchStamp = index.stamp();
  if (!transferLevel) {
    for (const payment of payments()) {
      if (filter.userId !== undefined && payment.userId !== filter.userId) continue;
      if (filter.recipient !== undefined && payment.recipientId !== filter.recipient) continue;
      if (filter.currency !== undefined && payment.currency !== filter.currency) continue;
      const facts = index.factsOf(payment.id);
      if (!facts || facts.groupStamp === stamp) continue;
      if (needle !== '' && !paymentTextMatches(facts, needle, searchStamp)) continue;
      facts.groupStamp = stamp;
      facts.groupCount = 0;
      facts.groupLastMs = -Infinity;
      found.push(facts);
    }
  }
  index.refreshRanks();
  const groups = found.flatMap((facts) => {
    const payment = index.payment(facts.paymentId);
    return payment ? [{ facts, payment, key: groupKey(filter.sort, facts, payment) }] : [];
  });
  const descending = filter.sort.startsWith('-');
  groups.sort((left, right) => {
    // A payment with no transfer has no time: last in either direction.
    if (Number.isNaN(left.key) || Number.isNaN(right.key)) {
      if (Number.isNaN(left.key) !== Number.isNaN(right.key))
        return Number.isNaN(left.key) ? 1 : -1;
    } else if (left.key !== right.key) {
      return (left.key - right.key) * (descending ? -1 : 1);
    }
    // Ties (every payment that has not run, when sorting by time) go by when the payment
    // was made, then by id, so paging is stable.
    const made = compareText(left.payment.createdAt, right.payment.createdAt);
    const order = made || compareText(left.facts.paymentId, right.facts.paymentId);
    return order * (descending ? -1 : 1);
  });
  return groups.map(({ facts, payment }) => ({
    payment,
    transfers: facts.groupCount,
    lastAt: facts.groupCount > 0 ? new Date(facts.groupLastMs).toISOString() : null,
  }));
}

function groupKey(sort: TransferFilter['sort'], facts: PaymentFacts, payment: Payment): number {
  const { field } = sortParts(sort);
  switch (field) {
    case 'at':
      return facts.groupCount > 0 ? facts.groupLastMs : Number.NaN;
    case 'amount':
      return Number(toMinorUnits(payment.amount));
    case 'recipient':
      return facts.recipientRank;
    case 'status':
      return PAYMENT_STATUSES.indexOf(payment.status);
  }
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
