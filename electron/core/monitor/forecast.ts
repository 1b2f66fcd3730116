import { toMinorUnits, type Currency } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { occurrencesBetween } from '../schedule/occurrences';

/**
 * How many coming runs of one schedule a forecast looks at. Enumerating occurrences costs
 * tens of microseconds each (RRULE expansion plus the time-zone conversion), so a
 * 5-second schedule can't be expanded over a week on every command; a hundred runs ahead
 * is where a balance warning or a risk feature stops changing anything a person does.
 */
export const FORECAST_RUNS_PER_PAYMENT = 100;

/** One coming occurrence of a scheduled payment. */
export interface PlannedRun {
  paymentId: string;
  at: string;
  units: bigint;
}

/** A schedule with more runs before the horizon than a forecast counts. */
export interface CutSchedule {
  paymentId: string;
  /** Its last counted run: balances after this instant leave its later runs out. */
  lastCounted: string;
}

/** The coming runs of a user's schedules in one currency, and where counting stopped. */
export interface Forecast {
  /** Every counted run of every active schedule up to the horizon, soonest first. */
  runs: PlannedRun[];
  /**
   * The schedules whose runs before the horizon outnumber what was counted. A forecast
   * never hides a cut: a balance after `lastCounted` is the most that could be left.
   */
  cut: CutSchedule[];
}

/** What a forecast asks: one user's schedules in one currency, up to an instant. */
export interface ForecastQuery {
  userId: string;
  currency: Currency;
  until: string;
  perPaymentLimit: number;
  totalLimit?: number;
}

/** Whether a payment's coming runs are money spoken for: scheduled and not paused. */
export function isActiveSchedule(payment: Payment): boolean {
  return payment.status === 'scheduled' && !payment.paused;
}

/**
 * The money already spoken for: every occurrence of the user's active payments in one
 * currency up to `until`, soonest first. Occurrences that are due but not yet run count,
 * since that money is leaving too. Each schedule is counted up to the horizon and at most
 * `perPaymentLimit` runs (with `totalLimit`, at most its share of that, never under 3);
 * a fast schedule's cap never stops the slower ones, and each cap is reported in `cut`.
 */
export function upcomingRuns(payments: Iterable<Payment>, query: ForecastQuery): Forecast {
  const active: Payment[] = [];
  for (const payment of payments) {
    if (payment.userId !== query.userId || payment.currency !== query.currency) continue;
    if (isActiveSchedule(payment)) active.push(payment);
  }
  return forecastOf(active, active.length, query);
}

/**
 * The forecast over `schedules`, the user's active schedules in ledger order, where
 * those with no run before `until` may be left out (they add nothing) as long as
 * `activeCount` still counts them, since the total limit is shared among all of them.
 */
export function forecastOf(
  schedules: readonly Payment[],
  activeCount: number,
  query: ForecastQuery,
): Forecast {
  const share = shareOf(query, activeCount);
  const runs: PlannedRun[] = [];
  const cut: CutSchedule[] = [];
  for (const payment of schedules) {
    const units = toMinorUnits(payment.amount);
    const own = runsForShare(payment, query.until, share);
    const counted = own.slice(0, share);
    const last = counted[counted.length - 1];
    if (own.length > share && last !== undefined) {
      cut.push({ paymentId: payment.id, lastCounted: last });
    }
    for (const at of counted) runs.push({ paymentId: payment.id, at, units });
  }
  runs.sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0));
  return { runs, cut };
}

/**
 * Runs a forecast warm-up may expand per turn of the event loop (at tens of microseconds
 * each, about 10 ms): counted in runs, not schedules, since a schedule's share runs from 3
 * to 100. A request that comes meanwhile (a page's own files at start-up) waits that
 * long at most for each turn it needs.
 */
export const FORECAST_SLICE = 400;

/**
 * Expands ahead, about `slice` runs per call, the runs a forecast with `limits` will ask
 * of each active schedule, so the first such forecast after start-up finds them
 * remembered (see runsOf) instead of holding the core for the whole expansion. True once
 * every payment has been seen.
 */
export function forecastWarmUp(
  payments: readonly Payment[],
  limits: Omit<ForecastQuery, 'userId' | 'currency'>,
): (slice: number) => boolean {
  const wallet = (payment: Payment) => `${payment.userId}|${payment.currency}`;
  const active = payments.filter(isActiveSchedule);
  const counts = new Map<string, number>();
  for (const payment of active) counts.set(wallet(payment), (counts.get(wallet(payment)) ?? 0) + 1);
  return byBudget(active, (payment) => {
    const query = { ...limits, userId: payment.userId, currency: payment.currency };
    const share = shareOf(query, counts.get(wallet(payment)) ?? 1);
    runsForShare(payment, limits.until, share);
    return share + 1;
  });
}

/**
 * Expands, about `slice` runs per call, the runs forecastOf(schedules, activeCount, query)
 * reads, so that forecast then finds them remembered. True once every schedule is done.
 */
export function expansionOf(
  schedules: readonly Payment[],
  activeCount: number,
  query: ForecastQuery,
): (slice: number) => boolean {
  const share = shareOf(query, activeCount);
  return byBudget(schedules, (payment) => {
    runsForShare(payment, query.until, share);
    return share + 1;
  });
}

/**
 * Visits the next items per call until their costs (what `visit` returns: the runs it
 * may have expanded) reach `budget`, at least one item a call; true once every item is
 * visited.
 */
function byBudget<T>(items: readonly T[], visit: (item: T) => number): (budget: number) => boolean {
  let next = 0;
  return (budget) => {
    let spent = 0;
    while (next < items.length && (spent === 0 || spent < budget)) {
      spent += Math.max(1, visit(items[next] as T));
      next += 1;
    }
    return next >= items.length;
  };
}

/**
 * The runs a forecast reads of one schedule allowed `share` of them: one run more than
 * the share tells a schedule that ends at its share from one cut there.
 */
function runsForShare(payment: Payment, until: string, share: number): string[] {
  return runsOf(payment, until, share + 1);
}

/** How many runs each schedule may count: its cap, or its part of a shared total. */
export function shareOf(query: ForecastQuery, activeCount: number): number {
  return query.totalLimit === undefined
    ? query.perPaymentLimit
    : Math.min(query.perPaymentLimit, Math.max(3, Math.ceil(query.totalLimit / activeCount)));
}

/**
 * A payment's first `limit` runs up to `until`: approved held runs, then its schedule
 * from the next run. Also used for a payment that is not stored yet (a proposal).
 *
 * Every command forecasts every active schedule of its payer, so the expansion is
 * remembered per row, a day past the horizon asked for: rows are replaced, never changed
 * in place, so a row's runs can't go stale, and the first `limit` runs up to an earlier
 * instant are exactly those of the remembered list up to it.
 */
export function runsOf(payment: Payment, until: string, limit: number): string[] {
  let byLimit = remembered.get(payment);
  if (!byLimit) {
    byLimit = new Map();
    remembered.set(payment, byLimit);
  }
  let known = byLimit.get(limit);
  if (!known || known.until < until) {
    // Never past year 9999, where ISO text stops sorting as time (+010000-...).
    const reachMs = Math.min(Date.parse(until) + REMEMBER_BEYOND_MS, LAST_ISO_INSTANT_MS);
    const reach = reachMs > Date.parse(until) ? new Date(reachMs).toISOString() : until;
    known = { until: reach, runs: expandRuns(payment, reach, limit) };
    byLimit.set(limit, known);
  }
  const runs: string[] = [];
  for (const at of known.runs) if (at <= until || isApproved(payment, at)) runs.push(at);
  return runs;
}

const remembered = new WeakMap<Payment, Map<number, { until: string; runs: string[] }>>();
const REMEMBER_BEYOND_MS = 24 * 60 * 60 * 1000;
const LAST_ISO_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

function isApproved(payment: Payment, at: string): boolean {
  return payment.approvedRuns?.includes(at) ?? false;
}

function expandRuns(payment: Payment, until: string, limit: number): string[] {
  const runs = [...(payment.approvedRuns ?? [])];
  const next = payment.nextRunAt;
  if (next !== null && next <= until) {
    runs.push(next);
    runs.push(...occurrencesBetween(payment.schedule, next, until, limit - runs.length));
  }
  return runs.slice(0, limit);
}

/** The balance left after each run, in order; it may go below zero. */
export function balancesAfter(start: bigint, runs: readonly PlannedRun[]): bigint[] {
  let balance = start;
  return runs.map((run) => (balance -= run.units));
}
