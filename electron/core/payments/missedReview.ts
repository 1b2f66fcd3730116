import type { MissedReview } from '../../../shared/contract/paymentActions';
import { fromMinorUnits, toMinorUnits, type Currency } from '../../../shared/money';
import type { Payment } from '../../../shared/schemas/payment';
import { CoreError } from '../errors';
import type { Refusal, Submission } from '../execution/executionEngine';
import { withoutFutureRuns } from '../scheduler/duePlan';

export interface MissedReviewContext {
  now: Date;
  /** The tick's own balance and limit re-check, run dry. */
  checkBatch(
    submissions: readonly Submission[],
    now: Date,
  ): Promise<{ accepted: Submission[]; refused: Refusal[] }>;
  readBalance(userId: string, currency: Currency): Promise<string | undefined>;
}

/**
 * What paying the chosen missed runs of a held payment would do, from the same re-check a
 * tick makes before money moves (balance, daily and monthly limits, run by run, oldest
 * first): the count and total, how many fit, and the balance after. Runs later than the
 * clock are not missed and are left out. Changes nothing.
 */
export async function reviewMissed(
  held: Payment,
  runs: readonly string[] | undefined,
  context: MissedReviewContext,
): Promise<MissedReview> {
  const payment = withoutFutureRuns(held, context.now.toISOString());
  if (payment.status !== 'missed') {
    throw new CoreError(
      'conflict',
      `Payment ${payment.id} holds no missed runs, so there is nothing to review. Nothing was changed.`,
    );
  }
  const heldRuns = payment.missedRuns ?? [];
  const chosen = chosenMissedRuns(payment, runs);
  const { refused } = await context.checkBatch(
    chosen.map((occurrenceAt) => ({ payment, occurrenceAt })),
    context.now,
  );
  const refusals = new Map(refused.map((refusal) => [refusal.occurrenceAt, refusal]));
  const units = toMinorUnits(payment.amount);
  const fitting = chosen.filter((run) => !refusals.has(run)).length;
  const balance = await readBalance(payment, context);
  return {
    paymentId: payment.id,
    currency: payment.currency,
    runs: heldRuns.map((at) => {
      const refusal = refusals.get(at);
      if (!chosen.includes(at)) return { at, chosen: false, check: null };
      return refusal
        ? { at, chosen: true, check: refusal.failure, reason: refusal.message }
        : { at, chosen: true, check: 'fits' };
    }),
    chosen: {
      count: chosen.length,
      total: fromMinorUnits(units * BigInt(chosen.length)),
      fitting,
      fittingTotal: fromMinorUnits(units * BigInt(fitting)),
    },
    balance,
    balanceAfter:
      balance === null ? null : fromMinorUnits(toMinorUnits(balance) - units * BigInt(fitting)),
  };
}

async function readBalance(payment: Payment, context: MissedReviewContext) {
  try {
    return (await context.readBalance(payment.userId, payment.currency)) ?? null;
  } catch {
    // An unreadable balance is said as unknown; the tick re-checks before paying anyway.
    return null;
  }
}

/**
 * The held runs `runs` names, in held order (all of them when absent). One check for the
 * review and the approval, so what was reviewed is what can be paid. Throws, changing
 * nothing, when a named run is not held.
 */
export function chosenMissedRuns(payment: Payment, runs: readonly string[] | undefined): string[] {
  const held = payment.missedRuns ?? [];
  const unknown = (runs ?? []).filter((run) => !held.includes(run));
  if (unknown.length > 0) {
    throw new CoreError(
      'invalid_input',
      `Payment ${payment.id} holds no missed run at ${unknown.join(', ')}. Choose among the runs it holds. Nothing was changed.`,
    );
  }
  return runs === undefined ? held : held.filter((run) => runs.includes(run));
}
