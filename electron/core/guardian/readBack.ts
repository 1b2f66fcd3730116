import { formatInstant } from '../../../shared/format';
import { formatAmount, fromMinorUnits, toMinorUnits } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import type { ReadBack } from '../../../shared/schemas/proposal';
import type { RiskRuleResult } from '../../../shared/schemas/risk';
import type { Schedule } from '../../../shared/schemas/schedule';
import { RRule } from '../intent/schedule/rruleLibrary';
import { occurrencesBetween } from '../schedule/occurrences';
import {
  balancesAfter,
  FORECAST_RUNS_PER_PAYMENT,
  runsOf,
  type Forecast,
  type ForecastQuery,
  type PlannedRun,
} from '../monitor/forecast';

/**
 * What the confirmation dialog reads back: the payment in one canonical sentence, its next
 * three runs with the balance left after each (other scheduled payments included), and
 * the rules that fired.
 */
export function buildReadBack(input: {
  payment: Payment;
  recipientName: string;
  /** The payer's balance in the payment's currency; null when the connector can't tell. */
  balance: string | null;
  /** The ledger's forecast (upcomingRuns over every payment), for the money already spoken for. */
  upcomingRuns: (query: ForecastQuery) => Forecast;
  rules: readonly RiskRuleResult[];
}): ReadBack {
  const { payment } = input;
  const ownRuns = runsOf(payment, FAR_FUTURE, 3);
  const last = ownRuns[ownRuns.length - 1];
  let nextRuns: ReadBack['nextRuns'] = [];
  if (last !== undefined) {
    const others = input
      .upcomingRuns({
        userId: payment.userId,
        currency: payment.currency,
        until: last,
        perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
      })
      .runs.filter((run) => run.paymentId !== payment.id);
    const units = toMinorUnits(payment.amount);
    const own: PlannedRun[] = ownRuns.map((at) => ({ paymentId: payment.id, at, units }));
    const merged = [...others, ...own].sort((left, right) =>
      left.at < right.at ? -1 : left.at > right.at ? 1 : left.paymentId === payment.id ? 1 : -1,
    );
    const start = input.balance === null ? null : toMinorUnits(input.balance);
    const after = start === null ? [] : balancesAfter(start, merged);
    nextRuns = merged.flatMap((run, index) =>
      run.paymentId === payment.id && start !== null
        ? [{ at: run.at, balanceAfter: fromMinorUnits(after[index] ?? 0n) }]
        : [],
    );
  }
  const bounds = boundsOf(payment.schedule);
  const sentence = describePayment(payment, input.recipientName);
  return {
    sentence: bounds ? `${sentence} ${boundsSentence(bounds, payment.timezone)}` : sentence,
    nextRuns,
    rules: input.rules.map(({ name, kind, level, explanation, figures }) => ({
      name,
      kind,
      level,
      explanation,
      ...(figures ? { figures } : {}),
    })),
    ...(bounds ? { bounds } : {}),
  };
}

/** More runs than this are not counted one by one ("at least 1,000 payments"). */
const MAX_COUNTED_RUNS = 1_000;

/**
 * How many payments a schedule that ends makes, and when the last one is: "every Monday
 * until April" reads back as "That is 22 payments, the last on Mon, Apr 26, 2027".
 */
export function boundsOf(schedule: Schedule): ReadBack['bounds'] {
  if (schedule.kind === 'once' || !/;(?:UNTIL|COUNT)=/.test(schedule.rrule)) return undefined;
  const later = occurrencesBetween(schedule, schedule.firstRun, FAR_FUTURE, MAX_COUNTED_RUNS);
  const atLeast = later.length === MAX_COUNTED_RUNS;
  return {
    runs: later.length + 1,
    atLeast,
    lastRunAt: atLeast ? null : (later.at(-1) ?? schedule.firstRun),
  };
}

function boundsSentence(bounds: NonNullable<ReadBack['bounds']>, timezone: string): string {
  if (bounds.lastRunAt === null) return `That is more than ${MAX_COUNTED_RUNS} payments.`;
  const payments = bounds.runs === 1 ? '1 payment' : `${bounds.runs} payments`;
  return `That is ${payments}, the last on ${formatInstant(bounds.lastRunAt, timezone)}.`;
}

/** "Pay User Two 5.00 USDC every 5 seconds, starting Fri, Nov 27, 2026, 9:00 AM EST." */
export function describePayment(
  payment: Pick<Payment, 'amount' | 'currency' | 'schedule' | 'timezone' | 'memo'>,
  recipientName: string,
): string {
  const memo = payment.memo ? ` for "${payment.memo}"` : '';
  const money = formatAmount(payment.amount, payment.currency);
  return `Pay ${recipientName} ${money}${memo} ${describeSchedule(payment.schedule, payment.timezone)}.`;
}

/** The schedule in words, times in the payment's zone. */
export function describeSchedule(schedule: Schedule, timezone: string): string {
  if (schedule.kind === 'once') {
    return schedule.runAt === null
      ? 'as soon as it is approved'
      : `on ${formatInstant(schedule.runAt, timezone)}`;
  }
  return `${describeRule(schedule.rrule)}, starting ${formatInstant(schedule.firstRun, schedule.timezone)}`;
}

/** rrule's English, with the sub-minute rules it can't phrase spelled out here. */
function describeRule(body: string): string {
  const options = RRule.parseString(body);
  const rule = new RRule(options);
  if (rule.isFullyConvertibleToText()) return rule.toText();
  if (options.freq === RRule.SECONDLY) {
    const interval = options.interval ?? 1;
    const every = interval === 1 ? 'every second' : `every ${interval} seconds`;
    const count = options.count ? ` for ${options.count} times` : '';
    return `${every}${count}`;
  }
  return `on the schedule ${body}`;
}

// Far enough for "the next three runs" of any schedule ArcFlux accepts.
const FAR_FUTURE = '9999-12-31T23:59:59.000Z';
