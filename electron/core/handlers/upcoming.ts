import type {
  upcomingSection,
  ForecastCoverage,
  ForecastRun,
} from '../../../shared/contract/upcoming';
import { CURRENCIES, fromMinorUnits, toMinorUnits } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { toInstant } from '../clock';
import { balancesAfter, FORECAST_RUNS_PER_PAYMENT, upcomingRuns } from '../monitor/forecast';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

const DAY_MS = 86_400_000;

/** At most this many runs per currency are counted, shared between the schedules. */
const UPCOMING_RUNS_COUNTED = 5_000;

/**
 * The Upcoming view's data, from the local store only: the user's live schedules and,
 * per currency, their runs until the horizon with the balance left after each. Every run
 * is counted (up to the forecast's per-schedule cap, which `coverage` reports), while only
 * the soonest `perSchedule` of each schedule are listed. Paused schedules are listed (so
 * they can be resumed) but have no runs.
 */
export function upcomingHandlers(context: CoreContext): HandlerMap<keyof typeof upcomingSection> {
  return {
    'upcoming:list': ({ userId: requested, days, perSchedule }) => {
      const userId = actingUserId(context, requested);
      context.users.get(userId);
      const now = context.clock.now();
      const until = toInstant(new Date(now.getTime() + days * DAY_MS));
      const schedules = context.payments
        .list()
        .filter((payment) => payment.userId === userId && LIVE.has(payment.status))
        .sort(bySoonestRun);
      const balances = context.balances.forUser(userId);
      const runs: ForecastRun[] = [];
      const coverage: ForecastCoverage[] = [];
      const lowest: ForecastRun[] = [];
      for (const currency of CURRENCIES) {
        const forecast = upcomingRuns(schedules, {
          userId,
          currency,
          until,
          perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
          // Bounds the cost for a ledger of many schedules; a cut shows in `coverage`.
          totalLimit: UPCOMING_RUNS_COUNTED,
        });
        if (forecast.runs.length === 0) continue;
        const start = balances.find((balance) => balance.currency === currency)?.amount ?? '0';
        const after = balancesAfter(toMinorUnits(start), forecast.runs);
        const counts = new Map<string, { runs: number; listed: number }>();
        let low: ForecastRun | undefined;
        forecast.runs.forEach((run, index) => {
          const entry: ForecastRun = {
            paymentId: run.paymentId,
            at: run.at,
            amount: fromMinorUnits(run.units),
            currency,
            balanceAfter: fromMinorUnits(after[index] ?? 0n),
          };
          const count = counts.get(run.paymentId) ?? { runs: 0, listed: 0 };
          count.runs += 1;
          if (count.listed < perSchedule) {
            count.listed += 1;
            runs.push(entry);
          }
          counts.set(run.paymentId, count);
          // The first of equal lows: the day the balance first gets that low.
          if (low === undefined || (after[index] ?? 0n) < toMinorUnits(low.balanceAfter)) {
            low = entry;
          }
        });
        if (low) lowest.push(low);
        for (const { paymentId, lastCounted } of forecast.cut) {
          const count = counts.get(paymentId) ?? { runs: 0, listed: 0 };
          coverage.push({ paymentId, ...count, countedUntil: lastCounted });
          counts.delete(paymentId);
        }
        for (const [paymentId, count] of counts) {
          coverage.push({ paymentId, ...count, countedUntil: null });
        }
      }
      const order = new Map(schedules.map((payment, index) => [payment.id, index]));
      coverage.sort(
        (left, right) => (order.get(left.paymentId) ?? 0) - (order.get(right.paymentId) ?? 0),
      );
      runs.sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0));
      return {
        userId,
        until,
        balances: balances.map(({ currency, amount }) => ({ currency, amount })),
        schedules,
        runs,
        coverage,
        lowest,
      };
    },
  };
}

const LIVE: ReadonlySet<Payment['status']> = new Set(['scheduled', 'missed']);

function bySoonestRun(left: Payment, right: Payment): number {
  // Missed first (they wait for an answer), then by next run; no next run sorts last.
  if (left.status !== right.status) return left.status === 'missed' ? -1 : 1;
  const a = left.nextRunAt ?? '9999';
  const b = right.nextRunAt ?? '9999';
  return a < b ? -1 : a > b ? 1 : left.createdAt < right.createdAt ? -1 : 1;
}
