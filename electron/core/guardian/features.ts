import { fromMinorUnits, toMinorUnits } from '../../../shared/money';
import type { PaymentIntent } from '../../../shared/schemas/intent';
import type { User } from '../../../shared/schemas/user';
import type { Verification } from '../connectors/connector';
import { NO_OUTLOOK, type ScheduleOutlook } from './scheduleOutlook';
import type { Spending } from './spending';

/** Everything the rules look at, flat so it can be stored with the assessment as is. */
export interface Features {
  amount: string | null;
  currency: string | null;
  recurring: boolean;
  /** The payer's balance in the currency; null when the connector can't tell. */
  balance: string | null;
  /** Other scheduled payments due within the horizon. */
  upcoming: string;
  balanceAfterUpcoming: string | null;
  /** amount / (balance - upcoming); null when unknown, 99 when nothing is left. */
  amountToBalanceRatio: number | null;
  whitelisted: boolean;
  firstPayment: boolean;
  recipientMedian: string | null;
  amountToMedianRatio: number | null;
  velocity24hCount: number;
  velocity24hSum: string;
  velocity30dCount: number;
  velocity30dSum: string;
  /** What today's and this month's spending would be with this payment. */
  dailyTotalAfter: string | null;
  monthlyTotalAfter: string | null;
  verification: Verification;
  /** A recurring schedule's runs from now to the schedule horizon (0 for a one-off). */
  scheduleRuns: number;
  /** True when the schedule has more runs in the horizon than the Guardian follows. */
  scheduleRunsCut: boolean;
  /** The shortest gap between two of its runs, in seconds; null for fewer than two runs. */
  shortestIntervalSeconds: number | null;
  /** Its first run that leaves the balance below zero (other payments counted), if any. */
  exhaustsBalanceAt: string | null;
  /** Which of its runs that is, from 1. */
  exhaustsBalanceOnRun: number | null;
  /** The balance that run leaves (negative). */
  balanceAfterExhaustion: string | null;
  /** Of the days it pays on, the one with the most going out ("2026-12-08", payer's zone). */
  busiestDay: string | null;
  /** That day's total: already paid, other scheduled payments and this schedule's runs. */
  busiestDayTotal: string | null;
  /** Of the months it pays in, the one with the most going out ("2026-12"). */
  busiestMonth: string | null;
  busiestMonthTotal: string | null;
}

export interface FeatureInput {
  intent: PaymentIntent;
  payer: User;
  recipient: User | undefined;
  balance: string | undefined;
  upcoming: bigint;
  spending: Spending;
  verification: Verification;
  /** What a recurring schedule does over the horizon; a one-off has none. */
  outlook?: ScheduleOutlook;
}

/** Turns one payment intent and its context into features; pure and deterministic. */
export function computeFeatures(input: FeatureInput): Features {
  const { intent, payer, recipient, spending } = input;
  const units = intent.amount === null ? null : toMinorUnits(intent.amount);
  const balance = input.balance === undefined ? null : toMinorUnits(input.balance);
  const left = balance === null ? null : balance - input.upcoming;
  // Figures for another recipient than this one would be someone else's history.
  const paidBefore =
    recipient && spending.paidTo?.recipientId === recipient.id ? spending.paidTo : undefined;
  const median = paidBefore?.median ?? null;
  return {
    amount: intent.amount,
    currency: intent.currency,
    recurring: intent.schedule.kind === 'recurring',
    balance: balance === null ? null : fromMinorUnits(balance),
    upcoming: fromMinorUnits(input.upcoming),
    balanceAfterUpcoming: left === null || units === null ? null : fromMinorUnits(left - units),
    amountToBalanceRatio: units === null || left === null ? null : ratio(units, left),
    whitelisted: recipient !== undefined && payer.whitelist.includes(recipient.id),
    firstPayment: (paidBefore?.count ?? 0) === 0,
    recipientMedian: median,
    amountToMedianRatio:
      units === null || median === null ? null : ratio(units, toMinorUnits(median)),
    velocity24hCount: spending.last24hCount,
    velocity24hSum: fromMinorUnits(spending.last24h),
    velocity30dCount: spending.last30dCount,
    velocity30dSum: fromMinorUnits(spending.last30d),
    dailyTotalAfter: units === null ? null : fromMinorUnits(spending.today + units),
    monthlyTotalAfter: units === null ? null : fromMinorUnits(spending.thisMonth + units),
    verification: input.verification,
    ...outlookFeatures(input.outlook ?? NO_OUTLOOK),
  };
}

function outlookFeatures(outlook: ScheduleOutlook) {
  const { exhaustion, busiestDay, busiestMonth } = outlook;
  return {
    scheduleRuns: outlook.runs,
    scheduleRunsCut: outlook.cut,
    shortestIntervalSeconds: outlook.shortestIntervalSeconds,
    exhaustsBalanceAt: exhaustion?.at ?? null,
    exhaustsBalanceOnRun: exhaustion?.run ?? null,
    balanceAfterExhaustion: exhaustion ? fromMinorUnits(exhaustion.balanceAfter) : null,
    busiestDay: busiestDay?.day ?? null,
    busiestDayTotal: busiestDay ? fromMinorUnits(busiestDay.total) : null,
    busiestMonth: busiestMonth?.month ?? null,
    busiestMonthTotal: busiestMonth ? fromMinorUnits(busiestMonth.total) : null,
  };
}

/**
 * A ratio of two minor-unit amounts to 4 decimals. Ratios are for comparing with
 * thresholds, never for money, so a plain number is fine here. Nothing (or less) left
 * reads as 99: far above any threshold, and still valid JSON.
 */
function ratio(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) return 99;
  const scaled = (numerator * 10_000n) / denominator;
  return Math.min(99, Number(scaled) / 10_000);
}
