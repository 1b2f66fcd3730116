import { MAX_HELD_RUNS, type Payment } from '../../../shared/schemas/payment';
import type { Submission } from '../execution/executionEngine';
import { nextOccurrence, occurrencesBetween } from '../schedule/occurrences';
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

function planPayment(plan: TickPlan, row: Payment, now: Date, missedAfterMs: number): void {
  const payment = withoutFutureRuns(row, now.toISOString());
  if (payment !== row) plan.changed.set(payment.id, payment);
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

/**
 * A run later than the clock is neither missed nor due. Held or approved runs can be
 * ahead of the clock when it ran ahead and came back (a wrong system time, a resumed
 * virtual machine): such runs go back to the schedule, which offers them again when they
 * really fall due, and a payment left holding no missed run is simply scheduled again.
 * Returns the same object when every held run is in the past.
 */
export function withoutFutureRuns(payment: Payment, now: string): Payment {
  const missed = payment.missedRuns ?? [];
  const approved = payment.approvedRuns ?? [];
  const future = [...missed, ...approved].filter((at) => at > now).sort();
  const [earliest] = future;
  if (earliest === undefined) return payment;
  const nextRunAt =
    payment.nextRunAt === null || earliest < payment.nextRunAt ? earliest : payment.nextRunAt;
  const keptMissed = missed.filter((at) => at <= now);
  const status =
    payment.status === 'missed' && keptMissed.length === 0 ? 'scheduled' : payment.status;
  return withRuns(
    { ...payment, nextRunAt, status },
    keptMissed,
    approved.filter((at) => at <= now),
  );
}
