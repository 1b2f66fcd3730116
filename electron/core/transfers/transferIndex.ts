import {
  TRANSFER_STATUS_ORDER,
  type Transfer,
  type TransferSort,
} from '../../../shared/contract/transfers';
import { toMinorUnits } from '../../../shared/money';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import { instantMs } from '../clock';
import { IdPositions } from './idPositions';
import { IdText } from './idText';
import { keyOrderSteps, toEnd } from '../indexes/keyOrder';

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
  /** The original command, part of the searchable text. */
  readonly sourceText: string;
  /**
   * Lower-case searchable text (recipient name, memo, command, payment id), made on the
   * first search rather than for every payment at start-up: see `searchText`.
   */
  text: string | null;
  /** Position of the recipient's name among all names, for sorting by recipient. */
  recipientRank: number;
  /** Scratch for one query at a time (the core is single-threaded): see `TransferIndex.stamp`. */
  searchStamp: number;
  searchHit: boolean;
  groupStamp: number;
  groupCount: number;
  groupLastMs: number;
}

export type SortField = 'at' | 'amount' | 'recipient' | 'status';

/** A row's sort keys before a change, to find it in the sorted orders. */
type PreviousKeys = Readonly<Record<SortField, number>>;

/**
 * A sync moves its changed rows within the sorted orders while they are at most this share
 * of all rows (a merge, one pass over an order); past it, sorting anew is cheaper.
 */
const PATCH_SHARE = 0.25;

/**
 * At most this many changed rows are moved one at a time, each a shift of the order (a
 * few megabytes at 1M rows); more are merged in one pass.
 */
const SHIFT_LIMIT = 8;

/**
 * The transfers, kept joined with their payments and updated incrementally: each new
 * journal line touches only its own row, and the sort orders are patched in place, so a
 * query at 1M transfers is one pass over typed arrays, not a re-fold of the journal.
 *
 * A row is a number. Its execution (latest state) and payment facts are references kept
 * in two arrays; its time and status live in typed columns, and its amount is read from
 * the execution when an amount order is made. No object is made per transfer, so building
 * the index over a million journal lines at start-up allocates a few large arrays instead
 * of a million small objects for the garbage collector to move.
 */
export class TransferIndex {
  #size = 0;
  #executions: Execution[] = [];
  #rowFacts: PaymentFacts[] = [];
  #atMs = new Float64Array(INITIAL_ROWS);
  #statusRank = new Uint8Array(INITIAL_ROWS);
  readonly #idText = new IdText((row) => this.#executions[row] as Execution);
  readonly #rowOf = new IdPositions((row) => (this.#executions[row] as Execution).id);
  readonly #facts = new Map<string, PaymentFacts>();
  readonly #orders = new Map<SortField, SortedOrder>();
  /** The newest-first order the warm-up is building a step per turn, for rows as at `version`. */
  #building: { version: number; steps: Generator<void, SortedOrder> } | undefined;
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

  /** How many transfers (rows 0 to size - 1). */
  get size(): number {
    return this.#size;
  }

  /** The row's execution, in its latest state. */
  execution(row: number): Execution {
    return this.#executions[row] as Execution;
  }

  /** The row's payment facts. */
  facts(row: number): PaymentFacts {
    return this.#rowFacts[row] as PaymentFacts;
  }

  /** When the transfer happened (finished, else started), in epoch milliseconds. */
  atMs(row: number): number {
    return this.#atMs[row] as number;
  }

  /** The row's status as its position in TRANSFER_STATUS_ORDER. */
  statusRank(row: number): number {
    return this.#statusRank[row] as number;
  }

  /**
   * Readies a search for `needle` (lower case) in the transfers' own ids: false when no
   * id can hold it, so no row's ids need reading.
   */
  idsMayHold(needle: string): boolean {
    return this.#idText.mayHold(needle, this.#size);
  }

  /** Whether the row's execution id or transaction id holds `needle`; after idsMayHold. */
  ownTextMatches(row: number, needle: string): boolean {
    return this.#idText.holds(row, needle);
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
    // Room for every line still to read (most lines are new transfers), so the columns
    // grow once per sync rather than step by step.
    this.#reserve(this.#size + waiting.length + (entries.length - from));
    // Each changed row with its keys before this sync (a row added and updated in the
    // same batch was in no order before it).
    // Past PATCH_SHARE of the rows (or with no order built yet) re-sorting is cheaper.
    const changes = new Map<number, PreviousKeys | undefined>();
    const track = () => {
      const patchable = Math.max(SHIFT_LIMIT, this.#size * PATCH_SHARE);
      if (changes.size <= patchable && this.#orders.size > 0) return changes;
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

  /**
   * One step of warming up after start: a slice of `limit` journal lines; once they are
   * all read, the newest-first order the history opens on; then what searches read of
   * the ids, `limit` rows a step. True when all three are done.
   */
  warm(limit: number): boolean {
    const version = this.#version;
    if (!this.sync(limit)) return false;
    // The order is built a step per turn (about 0.2 s at 1M rows in one go), each in a
    // turn of its own: a slice that just read lines has had its share.
    if (!this.#orders.has('at')) {
      if (this.#version === version) this.#stepNewestFirst();
      return false;
    }
    // Then what searches read of the ids, `limit` rows a turn.
    return this.#idText.learn(this.#size, limit);
  }

  /** One step of building the 'at' order; a row changed since the build began restarts it. */
  #stepNewestFirst(): void {
    if (this.#building?.version !== this.#version) {
      this.#building = {
        version: this.#version,
        steps: SortedOrder.steps(this.#column('at'), this.#size),
      };
    }
    const step = this.#building.steps.next();
    if (!step.done) return;
    this.#orders.set('at', step.value);
    this.#building = undefined;
  }

  /** Takes in one line; true when it changed a row. */
  #take(execution: Execution, changes: Map<number, PreviousKeys | undefined> | undefined): boolean {
    const facts = this.factsOf(execution.paymentId);
    if (!facts) {
      this.#waiting.push(execution);
      return false;
    }
    let row = this.#rowOf.getOrAdd(execution.id, this.#size);
    if (row === -1) {
      row = this.#size;
      changes?.set(row, undefined);
      this.#size += 1;
    } else if (changes && !changes.has(row)) {
      changes.set(row, this.#keys(row));
    }
    this.#write(row, execution, facts);
    this.#version += 1;
    return true;
  }

  #write(row: number, execution: Execution, facts: PaymentFacts): void {
    this.#executions[row] = execution;
    this.#rowFacts[row] = facts;
    this.#atMs[row] = instantMs(execution.finishedAt ?? execution.startedAt);
    this.#statusRank[row] = TRANSFER_STATUS_ORDER.indexOf(execution.status);
    this.#idText.changed(row);
  }

  #keys(row: number): PreviousKeys {
    return {
      at: this.#atMs[row] as number,
      amount: minorUnits((this.#executions[row] as Execution).amount),
      recipient: (this.#rowFacts[row] as PaymentFacts).recipientRank,
      status: this.#statusRank[row] as number,
    };
  }

  /** Makes the columns hold at least `rows` rows. */
  #reserve(rows: number): void {
    if (rows <= this.#atMs.length) return;
    this.#rowOf.reserve(rows);
    const capacity = Math.max(rows, Math.ceil(this.#atMs.length * 1.5));
    this.#atMs = grown(this.#atMs, new Float64Array(capacity));
    this.#statusRank = grown(this.#statusRank, new Uint8Array(capacity));
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
      sourceText: payment.sourceText,
      text: null,
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

  /** Whether `field`'s order is built (asking for it then costs nothing). */
  hasOrder(field: SortField): boolean {
    return this.#orders.has(field);
  }

  /** Row numbers in ascending order of `field`, ties in journal order. */
  order(field: SortField): { order: Int32Array; length: number } {
    this.refreshRanks();
    let sorted = this.#orders.get(field);
    if (!sorted) {
      // A build the warm-up began on these very rows is finished rather than begun again.
      const begun = field === 'at' && this.#building?.version === this.#version;
      sorted = toEnd(
        begun && this.#building
          ? this.#building.steps
          : SortedOrder.steps(this.#column(field), this.#size),
      );
      if (field === 'at') this.#building = undefined;
      this.#orders.set(field, sorted);
    }
    return sorted;
  }

  /** Each row's key for `field`, rows 0 to size - 1. */
  #column(field: SortField): Float64Array {
    switch (field) {
      case 'at':
        return this.#atMs;
      case 'amount':
        // Read from the executions only here: the first page does not sort by amount, and
        // parsing a million amounts at start-up delayed it.
        return Float64Array.from(this.#executions, (execution) => minorUnits(execution.amount));
      case 'recipient':
        return Float64Array.from(this.#rowFacts, (facts) => facts.recipientRank);
      case 'status':
        return Float64Array.from(this.#statusRank.subarray(0, this.#size));
    }
  }

  /** Row `row`'s key for `field` as it is now. */
  #key(field: SortField, row: number): number {
    switch (field) {
      case 'at':
        return this.#atMs[row] as number;
      case 'amount':
        return minorUnits((this.#executions[row] as Execution).amount);
      case 'recipient':
        return (this.#rowFacts[row] as PaymentFacts).recipientRank;
      case 'status':
        return this.#statusRank[row] as number;
    }
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

  #patchOrders(changes: ReadonlyMap<number, PreviousKeys | undefined>): void {
    if (!this.#ranksValid) this.#orders.delete('recipient');
    for (const [field, sorted] of this.#orders) {
      if (changes.size > SHIFT_LIMIT) {
        sorted.merge(
          Array.from(changes, ([row, previous]) => ({
            row,
            before: previous?.[field],
            key: this.#key(field, row),
          })),
        );
        continue;
      }
      for (const [row, previous] of changes) {
        if (previous) sorted.remove(row, previous[field]);
        sorted.insert(row, this.#key(field, row));
      }
    }
  }

  #reset(): void {
    this.#version += 1;
    this.#size = 0;
    this.#executions = [];
    this.#rowFacts = [];
    this.#idText.clear();
    this.#rowOf.clear();
    this.#orders.clear();
    this.#waiting = [];
    this.#seen = 0;
  }
}

/** Rows the columns start with; they grow to fit the journal on the first sync. */
const INITIAL_ROWS = 16;

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The payment's lower-case searchable text, made once. */
export function searchText(facts: PaymentFacts): string {
  facts.text ??= [facts.recipientName, facts.memo ?? '', facts.sourceText, facts.paymentId]
    .join('\u0000')
    .toLowerCase();
  return facts.text;
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

  /**
   * `rowKeys`: each row's key, rows 0 to count - 1, read in the first and last steps: the
   * rows must not change in between (the index starts a build over when they do).
   */
  static *steps(rowKeys: Float64Array, count: number): Generator<void, SortedOrder> {
    const order = yield* keyOrderSteps(rowKeys, count, Math.max(16, count));
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
    if (position === this.length || this.order[position] !== row) return;
    this.order.copyWithin(position, position + 1, this.length);
    this.keys.copyWithin(position, position + 1, this.length);
    this.length -= 1;
  }

  insert(row: number, key: number): void {
    this.#reserve(this.length + 1);
    const position = this.#position(row, key);
    this.order.copyWithin(position + 1, position, this.length);
    this.keys.copyWithin(position + 1, position, this.length);
    this.order[position] = row;
    this.keys[position] = key;
    this.length += 1;
  }

  /**
   * Moves many rows at once: takes those that were in the order out in one pass, then
   * merges all of them back in at their keys now. One pass over the order, where moving
   * them one by one shifts it once each (a tick's few hundred lines took most of a second
   * at 1M rows that way).
   */
  merge(moves: readonly RowMove[]): void {
    // Where the rows that leave sit now, found by their keys before the change.
    const leaving: number[] = [];
    for (const { row, before } of moves) {
      if (before === undefined) continue;
      const position = this.#position(row, before);
      if (position < this.length && this.order[position] === row) leaving.push(position);
    }
    leaving.sort((left, right) => left - right);
    let kept = leaving[0] ?? this.length;
    for (let at = kept, next = 0; at < this.length; at += 1) {
      if (leaving[next] === at) {
        next += 1;
        continue;
      }
      this.order[kept] = this.order[at] as number;
      this.keys[kept] = this.keys[at] as number;
      kept += 1;
    }
    this.length = kept;
    const arriving = [...moves].sort((left, right) => compareKeys(left, right.key, right.row));
    this.#reserve(kept + arriving.length);
    // From the back, so each kept entry moves once, to its final place.
    let from = kept - 1;
    let to = kept + arriving.length - 1;
    for (let next = arriving.length - 1; next >= 0; next -= 1) {
      const move = arriving[next] as RowMove;
      while (
        from >= 0 &&
        compareKeys(move, this.keys[from] as number, this.order[from] as number) < 0
      ) {
        this.order[to] = this.order[from] as number;
        this.keys[to] = this.keys[from] as number;
        to -= 1;
        from -= 1;
      }
      this.order[to] = move.row;
      this.keys[to] = move.key;
      to -= 1;
    }
    this.length = kept + arriving.length;
  }

  /** Makes room for `count` entries. */
  #reserve(count: number): void {
    if (count <= this.order.length) return;
    const capacity = Math.max(count, Math.ceil(this.order.length * 1.5) + 16);
    const order = new Int32Array(capacity);
    order.set(this.order.subarray(0, this.length));
    const keys = new Float64Array(capacity);
    keys.set(this.keys.subarray(0, this.length));
    this.order = order;
    this.keys = keys;
  }
}

/** A row whose key changed (`before` undefined: it was in no order). */
interface RowMove {
  readonly row: number;
  readonly before: number | undefined;
  readonly key: number;
}

/** (key, row) of `move` against (key, row): negative when the move goes first. */
function compareKeys(move: RowMove, key: number, row: number): number {
  if (move.key !== key) return move.key < key ? -1 : 1;
  return move.row - row;
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
export function toTransfer(index: TransferIndex, row: number): Transfer {
  const execution = index.execution(row);
  const facts = index.facts(row);
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
