import type { Currency } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { waitsOutWindow } from '../../../shared/undoWindow';
import {
  expansionOf,
  forecastOf,
  isActiveSchedule,
  runsOf,
  shareOf,
  type Forecast,
  type ForecastQuery,
} from '../monitor/forecast';
import { nextWindowEnd } from '../payments/undoWindow';

/** An active schedule filed under the first instant it could run. */
interface Filed {
  /** '' for held runs already approved (they count whatever the horizon), else nextRunAt. */
  key: string;
  position: number;
  payment: Payment;
}

/** One payer's active schedules in one currency. */
interface Wallet {
  /** Every active schedule, those without a next run included (they share the limit). */
  count: number;
  /** Those with a run to come, ordered by it. */
  byRun: Filed[];
  /** Bumped when a schedule of this wallet is filed or taken out: forecasts key on it. */
  version: number;
}

/**
 * The ledger's live payments, kept as rows are saved so forecasts and the tick's timer
 * don't walk the whole ledger: active schedules per payer and currency ordered by their
 * next run, the payments waiting for a confirmation, and those waiting out an undo
 * window. Each payment keeps the position it has in the ledger (new rows are appended),
 * so answers list payments in ledger order exactly as a scan would, ties included.
 */
export class ScheduleIndex {
  readonly #positions = new Map<string, number>();
  readonly #filed = new Map<string, Payment>();
  readonly #wallets = new Map<string, Wallet>();
  readonly #awaiting = new Map<string, Payment>();
  readonly #windows = new Map<string, Payment>();
  #version = 0;
  /** While build files rows: appended unordered, sorted once at the end. */
  #bulk = false;
  /** The last forecast per wallet, with what it holds for (see upcomingRuns). */
  readonly #forecasts = new Map<string, RememberedForecast>();

  /**
   * Files every row first and orders each wallet once at the end: inserting each schedule
   * in place costs a move of the ones after it, which for a payer with tens of thousands
   * of active schedules made start-up quadratic. The order is the one inserting gives:
   * by next run, ties in ledger order.
   */
  static build(payments: Iterable<Payment>): ScheduleIndex {
    const index = new ScheduleIndex();
    index.#bulk = true;
    for (const payment of payments) index.note(payment);
    index.#bulk = false;
    for (const wallet of index.#wallets.values()) {
      wallet.byRun.sort((left, right) =>
        left.key < right.key ? -1 : left.key > right.key ? 1 : left.position - right.position,
      );
    }
    return index;
  }

  /** Changes with every saved row: a forecast made at the same version is still right. */
  get version(): number {
    return this.#version;
  }

  /** Takes a saved row: its new state replaces what the previous one filed. */
  note(payment: Payment): void {
    this.#version += 1;
    if (!this.#positions.has(payment.id)) this.#positions.set(payment.id, this.#positions.size);
    const previous = this.#filed.get(payment.id);
    if (previous) this.#unfile(previous);
    this.#awaiting.delete(payment.id);
    this.#windows.delete(payment.id);
    if (payment.status === 'pending_confirmation') this.#awaiting.set(payment.id, payment);
    if (waitsOutWindow(payment)) this.#windows.set(payment.id, payment);
    if (isActiveSchedule(payment)) this.#file(payment);
  }

  /**
   * upcomingRuns over the ledger, from the schedules that have a run by `until` only.
   * The answer is remembered per wallet until a row changes or a run could enter it:
   * every command asks again with a horizon a little later, and at thousands of active
   * schedules working it out again each time is what made a command cost the ledger's size.
   */
  upcomingRuns(query: ForecastQuery): Forecast {
    const wallet = this.#wallets.get(walletKey(query.userId, query.currency));
    if (!wallet) return forecastOf([], 0, query);
    const known = this.#remembered(wallet, query);
    if (known) return known;
    const dueEnd = firstAfter(wallet.byRun, query.until);
    const schedules = dueSchedules(wallet, dueEnd);
    const forecast = forecastOf(schedules, wallet.count, query);
    Object.freeze(forecast.runs);
    Object.freeze(forecast.cut);
    this.#forecasts.set(forecastKey(query), {
      version: wallet.version,
      until: query.until,
      stableUntil: stableUntil(schedules, wallet.byRun[dueEnd]?.key, query, wallet.count),
      forecast,
    });
    return forecast;
  }

  /**
   * Expands, `slice` schedules per call, what upcomingRuns(query) will read, for a caller
   * that can wait turns of the event loop: the first forecast after start-up walks every
   * schedule's coming runs, seconds at tens of thousands of them, and would hold every
   * request that long. True once done; at once when the remembered answer still holds.
   */
  expansionAhead(query: ForecastQuery): (slice: number) => boolean {
    const wallet = this.#wallets.get(walletKey(query.userId, query.currency));
    if (!wallet || this.#remembered(wallet, query)) return () => true;
    const schedules = dueSchedules(wallet, firstAfter(wallet.byRun, query.until));
    return expansionOf(schedules, wallet.count, query);
  }

  /** The remembered forecast for `query`, when no row or run since can change it. */
  #remembered(wallet: Wallet, query: ForecastQuery): Forecast | undefined {
    const known = this.#forecasts.get(forecastKey(query));
    const holds =
      known?.version === wallet.version &&
      known.until <= query.until &&
      query.until < known.stableUntil;
    return holds ? known.forecast : undefined;
  }

  /** The payments waiting for the user's yes, in ledger order. */
  awaitingConfirmation(): Payment[] {
    const position = (payment: Payment) => this.#positions.get(payment.id) ?? 0;
    return [...this.#awaiting.values()].sort((left, right) => position(left) - position(right));
  }

  /** Milliseconds until the soonest open undo window closes; undefined when none is open. */
  nextWindowEnd(now: Date): number | undefined {
    return nextWindowEnd([...this.#windows.values()], now);
  }

  #file(payment: Payment): void {
    this.#filed.set(payment.id, payment);
    const key = walletKey(payment.userId, payment.currency);
    let wallet = this.#wallets.get(key);
    if (!wallet) {
      wallet = { count: 0, byRun: [], version: 0 };
      this.#wallets.set(key, wallet);
    }
    wallet.count += 1;
    wallet.version += 1;
    const runKey = runKeyOf(payment);
    if (runKey === undefined) return;
    const filed = { key: runKey, position: this.#positions.get(payment.id) ?? 0, payment };
    if (this.#bulk) wallet.byRun.push(filed);
    else wallet.byRun.splice(firstAfter(wallet.byRun, runKey), 0, filed);
  }

  #unfile(payment: Payment): void {
    this.#filed.delete(payment.id);
    const wallet = this.#wallets.get(walletKey(payment.userId, payment.currency));
    if (!wallet) return;
    wallet.count -= 1;
    wallet.version += 1;
    const runKey = runKeyOf(payment);
    if (runKey === undefined) return;
    if (this.#bulk) {
      // Not in order yet: a row listed twice while building is found by a plain search.
      const index = wallet.byRun.findIndex((filed) => filed.payment.id === payment.id);
      if (index >= 0) wallet.byRun.splice(index, 1);
      return;
    }
    for (let index = firstAt(wallet.byRun, runKey); index < wallet.byRun.length; index += 1) {
      const filed = wallet.byRun[index];
      if (filed?.key !== runKey) break;
      if (filed.payment.id === payment.id) {
        wallet.byRun.splice(index, 1);
        break;
      }
    }
  }
}

interface RememberedForecast {
  version: number;
  until: string;
  /** The first instant a run could enter the forecast (or end a schedule's count). */
  stableUntil: string;
  forecast: Forecast;
}

/**
 * How far the horizon of a forecast made up to `query.until` can move and give the same
 * answer: until a schedule not in it could run, or a counted schedule's next run (among
 * the share plus one a forecast looks at, since that one turns it into a cut) arrives.
 * Looked at no further than a day ahead.
 */
function stableUntil(
  schedules: readonly Payment[],
  nextFiled: string | undefined,
  query: ForecastQuery,
  activeCount: number,
): string {
  const dayAhead = new Date(Date.parse(query.until) + 24 * 60 * 60 * 1000).toISOString();
  let stable = nextFiled !== undefined && nextFiled < dayAhead ? nextFiled : dayAhead;
  const share = shareOf(query, activeCount);
  for (const payment of schedules) {
    for (const at of runsOf(payment, stable, share + 1)) {
      if (at > query.until && at < stable) stable = at;
    }
  }
  return stable;
}

/** The first instant a schedule could run, as text; undefined when it has none to come. */
function runKeyOf(payment: Payment): string | undefined {
  if ((payment.approvedRuns ?? []).length > 0) return '';
  return payment.nextRunAt ?? undefined;
}

/**
 * One remembered answer per wallet and limits: the Guardian, the balance monitor and the
 * Upcoming view each ask with their own limits, and must not evict each other.
 */
function forecastKey(query: ForecastQuery): string {
  return `${walletKey(query.userId, query.currency)}|${query.perPaymentLimit}|${query.totalLimit ?? ''}`;
}

/** The wallet's schedules with a run before `dueEnd`'s key, in ledger order. */
function dueSchedules(wallet: Wallet, dueEnd: number): Payment[] {
  const due = wallet.byRun.slice(0, dueEnd);
  due.sort((left, right) => left.position - right.position);
  return due.map((filed) => filed.payment);
}

function walletKey(userId: string, currency: Currency): string {
  return `${userId}\u0000${currency}`;
}

/** The first index whose key is >= key. */
function firstAt(byRun: readonly Filed[], key: string): number {
  let low = 0;
  let high = byRun.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((byRun[middle]?.key ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index whose key is > key. */
function firstAfter(byRun: readonly Filed[], key: string): number {
  let low = 0;
  let high = byRun.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((byRun[middle]?.key ?? '') <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}
