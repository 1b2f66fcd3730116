import { MAX_HELD_RUNS, type Payment } from '../../../shared/schemas/payment';
import type { Submission } from '../execution/executionEngine';
import { nextOccurrence, occurrencesBetween } from './recurrence';
import { withRuns } from './settle';

/** What one tick should do with the ledger's schedule. */
export interface TickPlan {
  /** Occurrences to pay now. */
  due: Submission[];
  /** Rows that change: advanced past what was taken, or holding missed runs. */
  changed: Map<string, Payment>;
  /** Runs newly held for the user's answer (policy `ask`), by payment. */
  held: { payment: Payment; occurrences: string[]; more: boolean }[];
  /** Runs dropped by the `skip` policy, by payment. */
  skipped: { payment: Payment; occurrences: string[] }[];
  /** Payments whose schedule could not be planned; left as they are, and reported. */
  broken: { paymentId: string; error: unknown }[];
}

/**
 * Finds what fell due by `now`. An occurrence later than `missedAfterMs` was missed (the
 * app was closed or the machine asleep) and is never paid silently: with the default
 * policy `ask` the whole payment is held with its missed runs until the user answers;
 * `catch_up` pays them, `skip` drops them. A held payment keeps collecting the runs that
 * fall due meanwhile. Paused payments wait. Pure: it only reads the rows given.
 */
export function planTick(payments: readonly Payment[], now: Date, missedAfterMs: number): TickPlan {
  const plan: TickPlan = { due: [], changed: new Map(), held: [], skipped: [], broken: [] };
  for (const payment of payments) {
    try {
      planPayment(plan, payment, now, missedAfterMs);
    } catch (error) {
      // One schedule that can't be read (a rule the engine rejects) must not stop the others.
      plan.broken.push({ paymentId: payment.id, error });
    }
  }
  return plan;
}

function planPayment(plan: TickPlan, payment: Payment, now: Date, missedAfterMs: number): void {
  for (const occurrenceAt of payment.approvedRuns ?? []) plan.due.push({ payment, occurrenceAt });
  const held = payment.status === 'missed';
  if ((payment.status !== 'scheduled' && !held) || payment.paused) return;
  const nowText = now.toISOString();
  const first = payment.nextRunAt;
  if (first === null || first > nowText) return;
  const found = [first, ...occurrencesBetween(payment.schedule, first, nowText, MAX_HELD_RUNS)];
  const more = found.length > MAX_HELD_RUNS;
  const runs = found.slice(0, MAX_HELD_RUNS);
  const advanced = { ...payment, nextRunAt: nextOccurrence(payment.schedule, nowText) };
  const late = runs.filter((at) => now.getTime() - Date.parse(at) > missedAfterMs);
  // A held payment holds everything until the user answers; otherwise lateness decides.
  const policy = held ? 'ask' : late.length === 0 ? 'pay' : payment.missedRunPolicy;
  if (policy === 'ask') {
    const missedRuns = [...(payment.missedRuns ?? []), ...runs].slice(0, MAX_HELD_RUNS);
    const row = withRuns({ ...advanced, status: 'missed' }, missedRuns, payment.approvedRuns ?? []);
    plan.changed.set(payment.id, row);
    plan.held.push({ payment: row, occurrences: runs, more });
    return;
  }
  plan.changed.set(payment.id, advanced);
  const paid = policy === 'skip' ? runs.filter((at) => !late.includes(at)) : runs;
  if (policy === 'skip') plan.skipped.push({ payment: advanced, occurrences: late });
  for (const occurrenceAt of paid) plan.due.push({ payment: advanced, occurrenceAt });
}
