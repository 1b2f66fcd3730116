import {
  TRANSFER_STATUS_ORDER,
  type TransferExportInput,
  type TransferFilter,
  type TransferGroup,
  type Transfer,
  type TransferPage,
} from '../../../shared/contract/transfers';
import { toMinorUnits } from '../../../shared/money';
import { PAYMENT_STATUSES, type Payment } from '../../../shared/schemas/payment';
import { firstRowsByTime } from './firstRows';
import {
  searchText,
  sortParts,
  toTransfer,
  type PaymentFacts,
  type TransferIndex,
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
  cache: QueryCache = new QueryCache(),
): TransferPage {
  index.sync();
  const page = { total: 0, offset: filter.offset, limit: filter.limit };
  if (filter.groupBy === 'payment') {
    // Paging through the groups slices one sorted list, made once per query, journal state
    // and payments list; each page shows its payments as they are now.
    const list = payments();
    const groups = cache.remember(index, 'groups', filter, list, () =>
      groupByPayment(index, filter, () => list),
    );
    const items = groups.slice(filter.offset, filter.offset + filter.limit).map((group) => ({
      ...group,
      payment: index.payment(group.payment.id) ?? group.payment,
    }));
    return { groupBy: 'payment', ...page, total: groups.length, items };
  }
  // The total does not depend on the order: one pass in row order (cheap on memory),
  // kept while only the sort or the page changes.
  const total = cache.remember(index, 'total', { ...filter, sort: '-at' }, null, () =>
    countMatches(index, filter),
  );
  return { groupBy: 'transfer', ...page, total, items: pageRows(index, filter) };
}

/**
 * Past this many rows from the top, a page by time waits for the time order rather than
 * selecting its rows in a pass of its own.
 */
const SELECT_LIMIT = 2_000;

function pageRows(index: TransferIndex, filter: TransferFilter): Transfer[] {
  const end = filter.offset + filter.limit;
  const { field, descending } = sortParts(filter.sort);
  // The first screen asks for the newest page while the warm-up is still sorting by time.
  if (field === 'at' && end <= SELECT_LIMIT && !index.hasOrder('at')) {
    const rows = firstRowsByTime(index, matcher(index, filter), end, descending);
    return rows.slice(filter.offset).map((row) => toTransfer(index, row));
  }
  // Otherwise the page walks the sorted order only until it is full.
  const items: Transfer[] = [];
  let seen = 0;
  eachMatchingRow(index, filter, (row) => {
    if (seen >= filter.offset) items.push(toTransfer(index, row));
    seen += 1;
    return seen < end;
  });
  return items;
}

function countMatches(index: TransferIndex, criteria: Criteria): number {
  const matches = matcher(index, criteria);
  let total = 0;
  for (let row = 0; row < index.size; row += 1) if (matches(row)) total += 1;
  return total;
}

/**
 * The last answers by query (without paging) and index version: scrolling asks for page
 * after page of the same query, and the journal rarely moves in between.
 */
export class QueryCache {
  #entries = new Map<
    string,
    { version: number; source: readonly unknown[] | null; size: number; value: unknown }
  >();

  /** `source`: a list the answer also depends on; a new list (or length) makes it anew. */
  remember<T>(
    index: TransferIndex,
    kind: string,
    filter: TransferFilter,
    source: readonly unknown[] | null,
    make: () => T,
  ): T {
    const { offset: _offset, limit: _limit, ...query } = filter;
    const key = `${kind}:${JSON.stringify(query)}`;
    const known = this.#entries.get(key);
    const size = source?.length ?? 0;
    if (
      known &&
      known.version === index.version &&
      known.source === source &&
      known.size === size
    ) {
      return known.value as T;
    }
    const value = make();
    // A handful of recent queries is all a scrolling user needs.
    if (this.#entries.size >= 8) this.#entries.clear();
    this.#entries.set(key, { version: index.version, source, size, value });
    return value;
  }
}

/**
 * Calls `visit` with each matching row in the filter's sort order until it answers false.
 * A callback rather than a generator: a jump deep into a million rows walks hundreds of
 * thousands of them, and a generator made an object for each.
 */
export function eachMatchingRow(
  index: TransferIndex,
  criteria: Criteria,
  visit: (row: number) => boolean,
): void {
  const matches = matcher(index, criteria);
  const { field, descending } = sortParts(criteria.sort);
  const { order, length } = index.order(field);
  const step = descending ? -1 : 1;
  for (let at = descending ? length - 1 : 0; at >= 0 && at < length; at += step) {
    const row = order[at] as number;
    if (matches(row) && !visit(row)) return;
  }
}

/** A test per row; payment-level text is searched once per payment and query. */
export function matcher(index: TransferIndex, criteria: Criteria): (row: number) => boolean {
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
  const idsMayHold = needle !== '' && index.idsMayHold(needle);
  return (row) => {
    const facts = index.facts(row);
    if (userId !== undefined && facts.payerId !== userId) return false;
    if (recipient !== undefined && facts.recipientId !== recipient) return false;
    if (currency !== undefined && index.execution(row).currency !== currency) return false;
    if ((statusMask & (1 << index.statusRank(row))) === 0) return false;
    const atMs = index.atMs(row);
    if (atMs < fromMs || atMs >= toMs) return false;
    if (needle === '') return true;
    return (
      paymentTextMatches(facts, needle, stamp) || (idsMayHold && index.ownTextMatches(row, needle))
    );
  };
}

function paymentTextMatches(facts: PaymentFacts, needle: string, stamp: number): boolean {
  if (facts.searchStamp !== stamp) {
    facts.searchStamp = stamp;
    facts.searchHit = searchText(facts).includes(needle);
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
  for (let row = 0; row < index.size; row += 1) {
    if (!matches(row)) continue;
    const facts = index.facts(row);
    if (facts.groupStamp !== stamp) {
      facts.groupStamp = stamp;
      facts.groupCount = 0;
      facts.groupLastMs = -Infinity;
      found.push(facts);
    }
    facts.groupCount += 1;
    const atMs = index.atMs(row);
    if (atMs > facts.groupLastMs) facts.groupLastMs = atMs;
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
