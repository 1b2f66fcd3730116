import type { upcomingSection, ForecastRun } from '../../../shared/contract/upcoming';
import { CURRENCIES, fromMinorUnits, toMinorUnits } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { toInstant } from '../clock';
import { balancesAfter, upcomingRuns } from '../monitor/forecast';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

const DAY_MS = 86_400_000;

/**
 * The Upcoming view's data, from the local store only: the user's live schedules and,
 * per currency, their runs until the horizon with the balance left after each. Paused
 * schedules are listed (so they can be resumed) but have no runs.
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
      for (const currency of CURRENCIES) {
        const planned = upcomingRuns(schedules, {
          userId,
          currency,
          until,
          perPaymentLimit: perSchedule,
        });
        if (planned.length === 0) continue;
        const start = balances.find((balance) => balance.currency === currency)?.amount ?? '0';
        const after = balancesAfter(toMinorUnits(start), planned);
        planned.forEach((run, index) => {
          runs.push({
            paymentId: run.paymentId,
            at: run.at,
            amount: fromMinorUnits(run.units),
            currency,
            balanceAfter: fromMinorUnits(after[index] ?? 0n),
          });
        });
      }
      runs.sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0));
      return {
        userId,
        until,
        balances: balances.map(({ currency, amount }) => ({ currency, amount })),
        schedules,
        runs,
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
