import {
  UPCOMING_DAYS,
  type ForecastCoverage,
  type ForecastRun,
  type upcomingSection,
} from '../../../shared/contract/upcoming';
import { CURRENCIES, fromMinorUnits, toMinorUnits } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { finishInTurns, inSlices } from '../background';
import { toInstant } from '../clock';
import type { MoneyPath } from '../moneyPath';
import {
  balancesAfter,
  FORECAST_RUNS_PER_PAYMENT,
  FORECAST_SLICE,
  forecastWarmUp,
  type PlannedRun,
} from '../monitor/forecast';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

const DAY_MS = 86_400_000;

/** At most this many runs per currency are counted, shared between the schedules. */
const UPCOMING_RUNS_COUNTED = 5_000;

/**
 * The Upcoming view's data, from the local store only: the user's live schedules and,
 * per currency, their runs until the horizon with the balance left after each. Every run
 * is counted (up to the forecast's per-schedule cap, which `coverage` reports), while only
 * the soonest `perSchedule` of each schedule are listed, and only the first `limit`
 * schedules. Paused schedules are listed (so they can be resumed) but have no runs.
 */
export function upcomingHandlers(
  context: CoreContext,
  money: Pick<MoneyPath, 'upcomingRuns'>,
): HandlerMap<keyof typeof upcomingSection> {
  // The view's first forecast after start-up would expand every schedule's coming runs at
  // once: seconds at tens of thousands of schedules, with every other request waiting.
  // Expanded between other work instead, and the view's first question waits for it.
  const warmed = forecastsWarmed(context);
  return {
    'upcoming:list': async ({ userId: requested, days, perSchedule, limit }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      await finishInTurns(warmed);
      const until = horizonOf(context.clock.now(), days);
      const { listed, count } = soonestSchedules(context.payments.list(), userId, limit);
      const order = new Map(listed.map((payment, index) => [payment.id, index]));
      const balances = context.balances.forUser(userId);
      const runs: ForecastRun[] = [];
      const coverage: ForecastCoverage[] = [];
      const lowest: ForecastRun[] = [];
      for (const currency of CURRENCIES) {
        const forecast = money.upcomingRuns({ userId, currency, ...forecastLimits(until) });
        if (forecast.runs.length === 0) continue;
        const start = balances.find((balance) => balance.currency === currency)?.amount ?? '0';
        const after = balancesAfter(toMinorUnits(start), forecast.runs);
        const entry = (index: number): ForecastRun => {
          const run = forecast.runs[index] as PlannedRun;
          return {
            paymentId: run.paymentId,
            at: run.at,
            amount: fromMinorUnits(run.units),
            currency,
            balanceAfter: fromMinorUnits(after[index] ?? 0n),
          };
        };
        // Every run counts towards the lowest point; only listed schedules' runs are sent.
        const counts = new Map<string, { runs: number; listed: number }>();
        let low = -1;
        forecast.runs.forEach((run, index) => {
          // The first of equal lows: the day the balance first gets that low.
          if (low === -1 || (after[index] ?? 0n) < (after[low] ?? 0n)) low = index;
          if (!order.has(run.paymentId)) return;
          const counted = counts.get(run.paymentId) ?? { runs: 0, listed: 0 };
          counted.runs += 1;
          if (counted.listed < perSchedule) {
            counted.listed += 1;
            runs.push(entry(index));
          }
          counts.set(run.paymentId, counted);
        });
        if (low !== -1) lowest.push(entry(low));
        for (const { paymentId, lastCounted } of forecast.cut) {
          const counted = counts.get(paymentId);
          if (!counted) continue;
          coverage.push({ paymentId, ...counted, countedUntil: lastCounted });
          counts.delete(paymentId);
        }
        for (const [paymentId, counted] of counts) {
          coverage.push({ paymentId, ...counted, countedUntil: null });
        }
      }
      return {
        userId,
        until,
        balances: balances.map(({ currency, amount }) => ({ currency, amount })),
        schedules: listed,
        scheduleCount: count,
        runs: runs.sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0)),
        coverage: coverage.sort(
          (left, right) => (order.get(left.paymentId) ?? 0) - (order.get(right.paymentId) ?? 0),
        ),
        lowest,
      };
    },
  };
}

/**
 * Expands the view's forecast ahead between other work; the function it returns goes one
 * slice further and says whether the warm-up is over. One that failed is over too: the
 * forecast then expands what it needs when asked.
 */
function forecastsWarmed(context: CoreContext): () => boolean {
  const warm = forecastWarmUp(
    context.payments.list(),
    forecastLimits(horizonOf(context.clock.now(), UPCOMING_DAYS)),
  );
  let done = false;
  const step = () => {
    if (done) return true;
    try {
      done = warm(FORECAST_SLICE);
    } catch {
      done = true;
    }
    return done;
  };
  inSlices(step);
  return step;
}

/** The forecast's horizon: `days` from now. */
function horizonOf(now: Date, days: number): string {
  return toInstant(new Date(now.getTime() + days * DAY_MS));
}

/** The Upcoming view's limits on what a forecast counts, up to `until`. */
function forecastLimits(until: string) {
  return {
    until,
    perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
    // Bounds the cost for a ledger of many schedules; a cut shows in `coverage`.
    totalLimit: UPCOMING_RUNS_COUNTED,
  };
}

/**
 * The user's first `limit` live schedules in the view's order, and how many there are:
 * one pass that keeps only the first ones in order, not a sort of tens of thousands.
 */
export function soonestSchedules(
  payments: readonly Payment[],
  userId: string,
  limit: number,
): { listed: Payment[]; count: number } {
  const listed: Payment[] = [];
  let count = 0;
  for (const payment of payments) {
    if (payment.userId !== userId || !LIVE.has(payment.status)) continue;
    count += 1;
    const last = listed[listed.length - 1];
    if (listed.length === limit && last !== undefined && bySoonestRun(payment, last) >= 0) {
      continue;
    }
    let low = 0;
    let high = listed.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (bySoonestRun(payment, listed[middle] as Payment) < 0) high = middle;
      else low = middle + 1;
    }
    listed.splice(low, 0, payment);
    if (listed.length > limit) listed.pop();
  }
  return { listed, count };
}

const LIVE: ReadonlySet<Payment['status']> = new Set(['scheduled', 'missed']);

function bySoonestRun(left: Payment, right: Payment): number {
  // Missed first (they wait for an answer), then by next run; no next run sorts last.
  if (left.status !== right.status) return left.status === 'missed' ? -1 : 1;
  const a = left.nextRunAt ?? '9999';
  const b = right.nextRunAt ?? '9999';
  if (a !== b) return a < b ? -1 : 1;
  // Then by when they were made, and by id, so the order (and each page) is the same on
  // every ask.
  if (left.createdAt !== right.createdAt) return left.createdAt < right.createdAt ? -1 : 1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
