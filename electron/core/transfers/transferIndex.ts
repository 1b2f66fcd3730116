import {
  TRANSFER_STATUS_ORDER,
  type Transfer,
  type TransferSort,
} from '../../../shared/contract/transfers';
import { toMinorUnits } from '../../../shared/money';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import { instantMs } from '../clock';

/** What the index reads: the repository methods, nothing of the store behind them. */
export interface TransferSources {
  /** Every execution journal line, oldest first; the index reads only the lines it has not seen. */
  entries(): readonly Execution[];
  findPayment(id: string): Payment | undefined;
  /** The name people search and sort by. */
  recipientName(userId: string): string;
}

/**
 * What a payment brings to each of its transfers. One object per payment, shared by all
 * its transfers, so a search tests a payment's text once, not once per transfer.
 */
export interface PaymentFacts {
  readonly paymentId: string;
  readonly payerId: string;
  readonly recipientId: string;
  readonly recipientName: string;
  readonly memo: string | null;
  /** Lower-case searchable text: recipient name, memo, original command, payment id. */
  readonly text: string;
  /** Position of the recipient's name among all names, for sorting by recipient. */
  recipientRank: number;
  /** Scratch for one query at a time (the core is single-threaded): see `TransferIndex.stamp`. */
  searchStamp: number;
  searchHit: boolean;
  groupStamp: number;
  groupCount: number;
  groupLastMs: number;
}

/** One transfer: an execution in its latest state, its payment's facts and its sort keys. */
export interface TransferRow {
  readonly execution: Execution;
  readonly facts: PaymentFacts;
  readonly atMs: number;
  readonly amountMinor: number;
  readonly statusRank: number;
  /** Lower-case execution id and transaction id when either has capitals; null otherwise. */
  readonly ownText: string | null;
}

export type SortField = 'at' | 'amount' | 'recipient' | 'status';

/** At most this many changed rows are moved in a sorted order in place; more re-sort it. */
const INCREMENTAL_LIMIT = 512;

/**
 * The transfers, kept joined with their payments and updated incrementally: each new
 * journal line touches only its own row, and the sort orders are patched in place, so a
 * query at 1M transfers is one pass over typed arrays, not a re-fold of the journal.
 */
export class TransferIndex {
  readonly rows: TransferRow[] = [];
  readonly #rowOf = new Map<string, number>();
  readonly #facts = new Map<string, PaymentFacts>();
  readonly #orders = new Map<SortField, SortedOrder>();
  /** Lines whose payment was not found yet; tried again on the next sync. */
  #waiting: Execution[] = [];
  #seen = 0;
  #names = new Set<string>();
  #ranksValid = true;
  #stamp = 0;
  #version = 0;
  #lastFacts: PaymentFacts | undefined;

  constructor(private readonly sources: TransferSources) {}

  /** Bumped whenever a row is added or changes, so answers can be cached until then. */
  get version(): number {
    return this.#version;
  }

  /** A fresh number for one query's scratch fields on PaymentFacts. */
  stamp(): number {
    this.#stamp += 1;
    return this.#stamp;
  }

  /**
   * Reads the journal lines written since the last sync, at most `limit` of them (so a
   * warm-up can read a large journal in slices); true when none is left to read.
   */
  sync(limit = Infinity): boolean {
    const entries = this.sources.entries();
    // The journal only grows; a shorter one was replaced (reopened, folded): read it anew.
    if (entries.length < this.#seen) this.#reset();
    if (entries.length === this.#seen && this.#waiting.length === 0) return true;
    const waiting = this.#waiting;
    const from = this.#seen;
    const end = Math.min(entries.length, from + limit);
    this.#waiting = [];
    this.#seen = end;
    // Each changed row with its state before this sync (a row added and updated in the
    // same batch was in no order before it).
    // Past INCREMENTAL_LIMIT rows (or with no order built yet) re-sorting is cheaper.
    const changes = new Map<number, TransferRow | undefined>();
    const track = () => {
      if (changes.size <= INCREMENTAL_LIMIT && this.#orders.size > 0) return changes;
      this.#orders.clear();
      return undefined;
    };
    let tracked = track();
    for (const execution of waiting) tracked = this.#take(execution, tracked) ? track() : tracked;
    for (let line = from; line < end; line += 1) {
      if (this.#take(entries[line] as Execution, tracked) && tracked) tracked = track();
    }
    if (tracked) this.#patchOrders(tracked);
    return end === entries.length;
  }

  /** Takes in one line; true when it changed a row. */
  #take(execution: Execution, changes: Map<number, TransferRow | undefined> | undefined): boolean {
    const facts = this.factsOf(execution.paymentId);
    if (!facts) {
      this.#waiting.push(execution);
      return false;
    }
    const row = toRow(execution, facts);
    const index = this.#rowOf.get(execution.id);
    if (index === undefined) {
      this.#rowOf.set(execution.id, this.rows.length);
      changes?.set(this.rows.length, undefined);
      this.rows.push(row);
    } else {
      if (changes && !changes.has(index)) changes.set(index, this.rows[index]);
      this.rows[index] = row;
    }
    this.#version += 1;
    return true;
  }

  /** The payment's facts, made once per payment; undefined for a payment that does not exist. */
  factsOf(paymentId: string): PaymentFacts | undefined {
    // A run's lines (started, then its outcome) usually follow each other in the journal.
    if (this.#lastFacts?.paymentId === paymentId) return this.#lastFacts;
    const known = this.#facts.get(paymentId);
    if (known) {
      this.#lastFacts = known;
      return known;
    }
    const payment = this.sources.findPayment(paymentId);
    if (!payment) return undefined;
    const recipientName = this.sources.recipientName(payment.recipientId);
    const facts: PaymentFacts = {
      paymentId: payment.id,
      payerId: payment.userId,
      recipientId: payment.recipientId,
      recipientName,
      memo: payment.memo ?? null,
      text: [recipientName, payment.memo ?? '', payment.sourceText, payment.id]
        .join('\u0000')
        .toLowerCase(),
      recipientRank: 0,
      searchStamp: 0,
      searchHit: false,
      groupStamp: 0,
      groupCount: 0,
      groupLastMs: 0,
    };
    if (!this.#names.has(recipientName)) {
      this.#names.add(recipientName);
      this.#ranksValid = false;
    }
    this.#facts.set(paymentId, facts);
    return facts;
  }

  /** The payment as it is now (status and schedule change; its facts do not). */
  payment(id: string): Payment | undefined {
    return this.sources.findPayment(id);
  }

  /** Row numbers in ascending order of `field`, ties in journal order. */
  order(field: SortField): { order: Int32Array; length: number } {
    this.refreshRanks();
    let sorted = this.#orders.get(field);
    if (!sorted) {
      sorted = SortedOrder.build(this.rows, keyOf(field));
      this.#orders.set(field, sorted);
    }
    return sorted;
  }

  /** Brings every payment's recipientRank up to date with the names known. */
  refreshRanks(): void {
    if (this.#ranksValid) return;
    const ranks = new Map(
      [...this.#names].sort(compareNames).map((name, rank) => [name, rank] as const),
    );
    for (const facts of this.#facts.values()) {
      facts.recipientRank = ranks.get(facts.recipientName) ?? 0;
    }
    this.#ranksValid = true;
    // Every rank may have moved; the recipient order is rebuilt on its next use.
    this.#orders.delete('recipient');
  }

  #patchOrders(changes: ReadonlyMap<number, TransferRow | undefined>): void {
    if (!this.#ranksValid) this.#orders.delete('recipient');
    for (const [field, sorted] of this.#orders) {
      const key = keyOf(field);
      for (const [index, previous] of changes) {
        if (previous) sorted.remove(index, key(previous));
        sorted.insert(index, key(this.rows[index] as TransferRow));
      }
    }
  }

  #reset(): void {
    this.#version += 1;
    this.rows.length = 0;
    this.#rowOf.clear();
    this.#orders.clear();
    this.#waiting = [];
    this.#seen = 0;
  }
}

type KeyOf = (row: TransferRow) => number;

function keyOf(field: SortField): KeyOf {
  switch (field) {
    case 'at':
      return (row) => row.atMs;
    case 'amount':
      return (row) => row.amountMinor;
    case 'recipient':
      return (row) => row.facts.recipientRank;
    case 'status':
      return (row) => row.statusRank;
  }
}

/**
 * Row numbers sorted by (key, row number), with each row's key kept beside it so a
 * binary search finds a row's place without reading the rows.
 */
class SortedOrder {
  order: Int32Array;
  keys: Float64Array;
  length: number;

  private constructor(order: Int32Array, keys: Float64Array, length: number) {
    this.order = order;
    this.keys = keys;
    this.length = length;
  }

  static build(rows: readonly TransferRow[], key: KeyOf): SortedOrder {
    const count = rows.length;
    const rowKeys = new Float64Array(count);
    for (let index = 0; index < count; index += 1) rowKeys[index] = key(rows[index] as TransferRow);
    const order = new Int32Array(Math.max(16, count));
    for (let index = 0; index < count; index += 1) order[index] = index;
    order
      .subarray(0, count)
      .sort(
        (left, right) => (rowKeys[left] as number) - (rowKeys[right] as number) || left - right,
      );
    const keys = new Float64Array(order.length);
    for (let position = 0; position < count; position += 1) {
      keys[position] = rowKeys[order[position] as number] as number;
    }
    return new SortedOrder(order, keys, count);
  }

  /** Where (key, row) sits or would sit. */
  #position(row: number, key: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const middleKey = this.keys[middle] as number;
      const before = middleKey < key || (middleKey === key && (this.order[middle] as number) < row);
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  remove(row: number, key: number): void {
    const position = this.#position(row, key);
    if (this.order[position] !== row) return;
    this.order.copyWithin(position, position + 1, this.length);
    this.keys.copyWithin(position, position + 1, this.length);
    this.length -= 1;
  }

  insert(row: number, key: number): void {
    if (this.length === this.order.length) {
      const capacity = Math.ceil(this.order.length * 1.5) + 16;
      const order = new Int32Array(capacity);
      order.set(this.order.subarray(0, this.length));
      const keys = new Float64Array(capacity);
      keys.set(this.keys.subarray(0, this.length));
      this.order = order;
      this.keys = keys;
    }
    const position = this.#position(row, key);
    this.order.copyWithin(position + 1, position, this.length);
    this.keys.copyWithin(position + 1, position, this.length);
    this.order[position] = row;
    this.keys[position] = key;
    this.length += 1;
  }
}

function toRow(execution: Execution, facts: PaymentFacts): TransferRow {
  const { id, transferId } = execution;
  return {
    execution,
    facts,
    atMs: instantMs(execution.finishedAt ?? execution.startedAt),
    amountMinor: minorUnits(execution.amount),
    statusRank: TRANSFER_STATUS_ORDER.indexOf(execution.status),
    // Ids are nearly always lower case already; only the others cost a second string.
    ownText:
      HAS_UPPER.test(id) || (transferId !== null && HAS_UPPER.test(transferId))
        ? `${id}\u0000${transferId ?? ''}`.toLowerCase()
        : null,
  };
}

const HAS_UPPER = /[A-Z]/;

/** The row's own searchable text: its execution id and transaction id, lower case. */
export function ownTextMatches(row: TransferRow, needle: string): boolean {
  if (row.ownText !== null) return row.ownText.includes(needle);
  const { id, transferId } = row.execution;
  return id.includes(needle) || (transferId !== null && transferId.includes(needle));
}

/**
 * An amount in minor units as a number, exact: amounts have at most 15 integer and 6
 * decimal digits, and wholes up to 9 digits stay far below 2^53 in plain arithmetic;
 * longer ones go through the bigint helper.
 */
export function minorUnits(amount: string): number {
  const dot = amount.indexOf('.');
  const wholeLength = dot === -1 ? amount.length : dot;
  if (wholeLength > 9) return Number(toMinorUnits(amount));
  let whole = 0;
  for (let at = 0; at < wholeLength; at += 1) whole = whole * 10 + amount.charCodeAt(at) - 48;
  let fraction = 0;
  let scale = 100_000;
  if (dot !== -1) {
    for (let at = dot + 1; at < amount.length; at += 1) {
      fraction += (amount.charCodeAt(at) - 48) * scale;
      scale /= 10;
    }
  }
  return whole * 1_000_000 + fraction;
}

/** A row as the contract shows it. */
export function toTransfer(row: TransferRow): Transfer {
  const { execution, facts } = row;
  return {
    id: execution.id,
    paymentId: execution.paymentId,
    payerId: facts.payerId,
    recipientId: facts.recipientId,
    occurrenceAt: execution.occurrenceAt,
    at: execution.finishedAt ?? execution.startedAt,
    paidAt: execution.status === 'succeeded' ? execution.finishedAt : null,
    amount: execution.amount,
    currency: execution.currency,
    status: execution.status,
    failure: execution.failure ?? null,
    skipReason: execution.skipReason ?? null,
    transferId: execution.transferId,
    attempt: execution.attempt,
    memo: facts.memo,
  };
}

/** "at" from "-at". */
export function sortParts(sort: TransferSort): { field: SortField; descending: boolean } {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as SortField, descending };
}

function compareNames(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : left < right ? -1 : left > right ? 1 : 0;
}
