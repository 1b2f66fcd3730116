import { DateTime } from 'luxon';
import type { Currency } from '../../../shared/money';
import { holdsMoney, type Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { Spending } from '../guardian/spending';
import { unitsOf } from './units';
import { RecipientHistory } from './recipientHistory';
import { SpendingTimeline, type TimedAmount, type TimedColumns } from './spendingTimeline';

export interface SpendingQuery {
  userId: string;
  currency: Currency;
  now: Date;
  /** The user's IANA zone: days and months are theirs, since that is how limits are read. */
  timezone: string;
  /** The recipient whose history the answer includes, if any. */
  recipientId?: string;
}

/** A local day in a zone, as instants: the day's and its month's starts, and when it ends. */
interface LocalCalendar {
  timezone: string;
  from: number;
  until: number;
  dayStart: string;
  monthStart: string;
}

/** Who pays whom in a payment: the two fields of a row that never change. */
type Parties = Pick<Payment, 'userId' | 'recipientId'>;

/**
 * Spending kept up to date as the journal grows, so a decision reads it instead of
 * folding the whole journal. Succeeded and in-flight executions count (money that has or
 * may have left); failed ones don't, so each execution's latest line replaces what its
 * previous one counted. Totals live on one timeline per payer and currency, asked "since
 * when" with the user's midnight and first of the month worked out per question in their
 * zone (a changed zone needs no rebuild). Succeeded transfers also feed the recipient
 * history. An execution whose payment is not known yet waits for the payment's row.
 */
export class SpendingIndex {
  readonly #parties = new Map<string, Parties>();
  readonly #latest = new Map<string, Execution>();
  readonly #waiting = new Map<string, Set<string>>();
  readonly #timelines = new Map<string, SpendingTimeline>();
  #history = new RecipientHistory();
  #calendar: LocalCalendar | undefined;

  /** The rest of a deferred build (see `deferred`), until it is complete. */
  #building: Generator<void, void> | undefined;
  /** Why a deferred build stopped, if it threw: every later use reports it again. */
  #failure: unknown;

  /**
   * Built from the repositories at start: one pass, and a sort only where lines came out
   * of order. Executions before `settledBefore` are set aside unsorted until a question
   * reaches back that far (see SpendingTimeline).
   */
  static build(
    payments: Iterable<Payment>,
    entries: readonly Execution[],
    settledBefore = '',
  ): SpendingIndex {
    const index = SpendingIndex.deferred(payments, entries, settledBefore);
    index.#finish();
    return index;
  }

  /**
   * The same index, built as it is used: `buildSlice` advances it between other work, and
   * every question and every update finishes it first, so no answer ever comes from part
   * of the history. A folder with a million transfers opens without waiting for it.
   * `entries` may grow meanwhile; the lines after its length now are the caller's to note.
   */
  static deferred(
    payments: Iterable<Payment>,
    entries: readonly Execution[],
    settledBefore = '',
    slice = BUILD_SLICE,
  ): SpendingIndex {
    const index = new SpendingIndex();
    const rows = Array.from(payments);
    index.#building = index.#fill(rows, entries, entries.length, settledBefore, slice);
    return index;
  }

  /**
   * Advances a deferred build by one slice; true when nothing is left to build. A build
   * that failed throws here once and then on every use.
   */
  buildSlice(): boolean {
    if (this.#building === undefined) return true;
    this.#advance(() => this.#building?.next().done === true);
    return this.#building === undefined;
  }

  *#fill(
    payments: readonly Payment[],
    entries: readonly Execution[],
    count: number,
    settledBefore: string,
    slice: number,
  ): Generator<void, void> {
    let steps = 0;
    const pause = () => {
      steps += 1;
      return steps % slice === 0;
    };
    for (const payment of payments) {
      this.#learnParties(payment);
      if (pause()) yield;
    }
    for (let line = 0; line < count; line += 1) {
      const entry = entries[line];
      if (entry) this.#latest.set(entry.id, entry);
      if (pause()) yield;
    }
    const wallets = new Map<string, TimedColumns>();
    const history = RecipientHistory.collector();
    for (const execution of this.#latest.values()) {
      if (pause()) yield;
      const parties = this.#counted(execution);
      if (!parties) continue;
      const key = walletKey(parties.userId, execution.currency);
      let columns = wallets.get(key);
      if (!columns) {
        columns = { ids: [], at: [], units: [] };
        wallets.set(key, columns);
      }
      const units = unitsOf(execution.amount);
      columns.ids.push(execution.id);
      columns.at.push(execution.occurrenceAt);
      columns.units.push(units);
      if (execution.status === 'succeeded') {
        history.add(parties.userId, parties.recipientId, execution.currency, units);
      }
    }
    this.#history = history.done();
    yield;
    for (const [key, columns] of wallets) {
      this.#timelines.set(key, SpendingTimeline.of(columns, settledBefore));
      yield;
    }
  }

  /** Completes a deferred build now: nothing reads or changes a partial index. */
  #finish(): void {
    if (this.#building === undefined && this.#failure === undefined) return;
    this.#advance(() => {
      const building = this.#building;
      while (building && building.next().done !== true) {
        // One slice after another, at once.
      }
      return true;
    });
  }

  #advance(work: () => boolean): void {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      if (work()) this.#building = undefined;
    } catch (error) {
      // A build that threw stopped part way; answering from it would guess with money.
      this.#building = undefined;
      this.#failure = error;
      throw error;
    }
  }

  /** Learns a payment's parties; the executions that waited for them count from now. */
  notePayment(payment: Payment): void {
    this.#finish();
    if (this.#parties.has(payment.id)) return;
    this.#learnParties(payment);
    const waiting = this.#waiting.get(payment.id);
    if (!waiting) return;
    this.#waiting.delete(payment.id);
    for (const id of waiting) {
      const execution = this.#latest.get(id);
      if (execution) this.#apply(execution);
    }
  }

  /** Takes one journal line: the execution's new state replaces its previous one. */
  noteExecution(line: Execution): void {
    this.#finish();
    const previous = this.#latest.get(line.id);
    if (previous) this.#withdraw(previous);
    this.#latest.set(line.id, line);
    this.#apply(line);
  }

  spending(query: SpendingQuery): Spending {
    this.#finish();
    const { dayStart, monthStart } = this.#calendarAt(query.now, query.timezone);
    const since24h = new Date(query.now.getTime() - DAY_MS).toISOString();
    const since30d = new Date(query.now.getTime() - 30 * DAY_MS).toISOString();
    const timeline = this.#timelines.get(walletKey(query.userId, query.currency));
    const since = (start: string) => timeline?.since(start) ?? { count: 0, total: 0n };
    const last24h = since(since24h);
    const last30d = since(since30d);
    return {
      today: since(dayStart).total,
      thisMonth: since(monthStart).total,
      last24hCount: last24h.count,
      last24h: last24h.total,
      last30dCount: last30d.count,
      last30d: last30d.total,
      paidTo:
        query.recipientId === undefined
          ? null
          : this.#history.figures(query.userId, query.recipientId, query.currency),
    };
  }

  /**
   * The user's midnight and first of the month, remembered until the next midnight: every
   * command asks, and working them out in a zone costs more than the rest of the answer.
   */
  #calendarAt(now: Date, timezone: string): LocalCalendar {
    const known = this.#calendar;
    const at = now.getTime();
    if (known?.timezone === timezone && at >= known.from && at < known.until) return known;
    const local = DateTime.fromJSDate(now, { zone: timezone });
    const day = local.startOf('day');
    const calendar = {
      timezone,
      from: day.toMillis(),
      until: day.plus({ days: 1 }).startOf('day').toMillis(),
      dayStart: day.toJSDate().toISOString(),
      monthStart: local.startOf('month').toJSDate().toISOString(),
    };
    this.#calendar = calendar;
    return calendar;
  }

  #learnParties(payment: Payment): void {
    if (this.#parties.has(payment.id)) return;
    this.#parties.set(payment.id, { userId: payment.userId, recipientId: payment.recipientId });
  }

  /** The payment's parties when the execution counts; undefined when it doesn't (yet). */
  #counted(execution: Execution): Parties | undefined {
    // Failed and skipped runs moved no money and hold none.
    if (!holdsMoney(execution.status)) return undefined;
    const parties = this.#parties.get(execution.paymentId);
    if (!parties) {
      let waiting = this.#waiting.get(execution.paymentId);
      if (!waiting) {
        waiting = new Set();
        this.#waiting.set(execution.paymentId, waiting);
      }
      waiting.add(execution.id);
    }
    return parties;
  }

  #apply(execution: Execution): void {
    const parties = this.#counted(execution);
    if (!parties) return;
    const key = walletKey(parties.userId, execution.currency);
    let timeline = this.#timelines.get(key);
    if (!timeline) {
      timeline = new SpendingTimeline();
      this.#timelines.set(key, timeline);
    }
    timeline.add(timedAmount(execution));
    this.#addHistory(execution, parties);
  }

  #withdraw(execution: Execution): void {
    if (!holdsMoney(execution.status)) return;
    const parties = this.#parties.get(execution.paymentId);
    if (!parties) {
      this.#waiting.get(execution.paymentId)?.delete(execution.id);
      return;
    }
    this.#timelines
      .get(walletKey(parties.userId, execution.currency))
      ?.remove(execution.id, execution.occurrenceAt);
    if (execution.status === 'succeeded') {
      this.#history.remove(
        parties.userId,
        parties.recipientId,
        execution.currency,
        unitsOf(execution.amount),
      );
    }
  }

  #addHistory(execution: Execution, parties: Parties): void {
    if (execution.status !== 'succeeded') return;
    this.#history.add(
      parties.userId,
      parties.recipientId,
      execution.currency,
      unitsOf(execution.amount),
    );
  }
}

function walletKey(userId: string, currency: Currency): string {
  return `${userId}\u0000${currency}`;
}

function timedAmount(execution: Execution): TimedAmount {
  return { id: execution.id, at: execution.occurrenceAt, units: unitsOf(execution.amount) };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Payments or journal lines per slice of a deferred build: some tens of milliseconds. */
const BUILD_SLICE = 20_000;
