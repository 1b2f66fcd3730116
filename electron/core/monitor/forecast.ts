import { toMinorUnits, type Currency } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { occurrencesBetween } from '../scheduler/recurrence';

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

/**
 * The money already spoken for: every occurrence of the user's active payments in one
 * currency up to `until`, soonest first. Occurrences that are due but not yet run count,
 * since that money is leaving too. `perPaymentLimit` bounds fast schedules; with
 * `totalLimit` each payment gets a share of it, and the forecast stops where the first
 * payment's share runs out, so what is returned is complete up to its last run.
 */
export function upcomingRuns(
  payments: Iterable<Payment>,
  query: {
    userId: string;
    currency: Currency;
    until: string;
    perPaymentLimit: number;
    totalLimit?: number;
  },
): PlannedRun[] {
  const active: Payment[] = [];
  for (const payment of payments) {
    if (payment.userId !== query.userId || payment.currency !== query.currency) continue;
    if (payment.status === 'scheduled' && !payment.paused) active.push(payment);
  }
  const share =
    query.totalLimit === undefined
      ? query.perPaymentLimit
      : Math.min(query.perPaymentLimit, Math.max(3, Math.ceil(query.totalLimit / active.length)));
  let complete = query.until;
  const runs: PlannedRun[] = [];
  for (const payment of active) {
    const units = toMinorUnits(payment.amount);
    const own = runsOf(payment, query.until, share);
    const last = own[own.length - 1];
    if (own.length === share && last !== undefined && last < complete) complete = last;
    for (const at of own) runs.push({ paymentId: payment.id, at, units });
  }
  return runs
    .filter((run) => run.at <= complete)
    .sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0));
}

/** The same runs for one payment that is not stored yet (a proposal), from its first run. */
export function runsOf(payment: Payment, until: string, limit: number): string[] {
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
