import { CoreError } from '../errors';
import type { SeededRandom } from './random';
import { HISTORY_CAPACITY, type Cadence } from './scheduleShape';

/** What became of one generated payment: the mix a long-used ledger shows. */
export type PaymentStory =
  /** One-offs: paid, failed, still to come, cancelled before they ran, refused. */
  | 'once_paid'
  | 'once_failed'
  | 'once_upcoming'
  | 'once_cancelled'
  | 'once_denied'
  /** Said a minute ago, waiting for the user's yes. */
  | 'pending'
  /** Schedules: running, paused, cancelled, holding missed runs, or ended by their count. */
  | 'schedule_active'
  | 'schedule_paused'
  | 'schedule_cancelled'
  | 'schedule_missed'
  | 'schedule_finished';

export interface PaymentPlan {
  story: PaymentStory;
  /** Set for schedules. */
  cadence?: Cadence;
  /** How many occurrences it has attempted (each one execution, succeeded or failed). */
  transfers: number;
}

const STORY_WEIGHTS: Readonly<Record<Exclude<PaymentStory, 'pending'>, number>> = {
  once_paid: 30,
  once_failed: 3,
  once_upcoming: 5,
  once_cancelled: 3,
  once_denied: 1,
  schedule_active: 40,
  schedule_paused: 4,
  schedule_cancelled: 7,
  schedule_missed: 3,
  schedule_finished: 4,
};

const CADENCE_WEIGHTS: Readonly<Record<Cadence, number>> = { weekly: 50, monthly: 35, daily: 15 };

/** Daily schedules run up more history than monthly ones in the same time. */
const CADENCE_PACE: Readonly<Record<Cadence, number>> = { daily: 4, weekly: 1, monthly: 0.3 };

/**
 * Decides what each of `payments` payments is and how many of the `transfers` it made, so
 * that the total is exactly `transfers`: each paid or failed one-off made one, and the
 * schedules share the rest, by cadence and at random, within the years of history each
 * can have. Throws CoreError('invalid_input') when the payments can't hold that many.
 */
export function planLedger(
  payments: number,
  transfers: number,
  random: SeededRandom,
): PaymentPlan[] {
  const plans: PaymentPlan[] = [];
  for (let index = 0; index < payments; index += 1) {
    // One proposal waiting for an answer, as a folder in use usually has; the rest at random.
    const story =
      index === payments - 1 && payments >= 10 ? 'pending' : random.weighted(STORY_WEIGHTS);
    plans.push(planFor(story, random));
  }
  let oneOffs = plans.filter((plan) => plan.transfers === 1).length;
  // Fewer transfers than paid one-offs: the extra one-offs are still to come instead.
  for (let index = plans.length - 1; index >= 0 && oneOffs > transfers; index -= 1) {
    if (plans[index]?.transfers === 1) {
      plans[index] = { story: 'once_upcoming', transfers: 0 };
      oneOffs -= 1;
    }
  }
  const rest = transfers - oneOffs;
  // More than the schedules can hold: turn other payments into schedules, newest first.
  let capacity = scheduleCapacity(plans);
  for (let index = plans.length - 1; index >= 0 && capacity < rest; index -= 1) {
    const plan = plans[index];
    if (plan && plan.cadence === undefined && plan.transfers === 0 && plan.story !== 'pending') {
      plans[index] = { story: 'schedule_active', cadence: 'daily', transfers: 0 };
      capacity += HISTORY_CAPACITY.daily;
    }
  }
  if (capacity < rest) {
    const most = oneOffs + capacity;
    throw new CoreError(
      'invalid_input',
      `${payments} payments can't have made ${transfers} transfers: at most about ${most} fit in their years of history. Ask for fewer transfers or more payments.`,
    );
  }
  shareTransfers(plans, rest, random);
  return plans;
}

function planFor(story: PaymentStory, random: SeededRandom): PaymentPlan {
  if (!story.startsWith('schedule_')) {
    return { story, transfers: story === 'once_paid' || story === 'once_failed' ? 1 : 0 };
  }
  return { story, cadence: random.weighted(CADENCE_WEIGHTS), transfers: 0 };
}

function scheduleCapacity(plans: readonly PaymentPlan[]): number {
  return plans.reduce(
    (sum, plan) => sum + (plan.cadence === undefined ? 0 : HISTORY_CAPACITY[plan.cadence]),
    0,
  );
}

/** Splits `total` over the schedules in proportion to random weights, capped, exactly. */
function shareTransfers(plans: PaymentPlan[], total: number, random: SeededRandom): void {
  const schedules = plans.filter((plan) => plan.cadence !== undefined);
  if (schedules.length === 0 || total === 0) return;
  // An exponential draw: most schedules are a few months old, a few are years old.
  const weights = schedules.map(
    (plan) => -Math.log(1 - random.next()) * CADENCE_PACE[plan.cadence as Cadence],
  );
  const sum = weights.reduce((left, right) => left + right, 0);
  let left = total;
  schedules.forEach((plan, index) => {
    const cap = HISTORY_CAPACITY[plan.cadence as Cadence];
    plan.transfers = Math.min(cap, Math.floor((total * (weights[index] ?? 0)) / sum));
    left -= plan.transfers;
  });
  // What rounding and the caps left over goes round one at a time to those with room.
  while (left > 0) {
    for (const plan of schedules) {
      if (left === 0) break;
      if (plan.transfers < HISTORY_CAPACITY[plan.cadence as Cadence]) {
        plan.transfers += 1;
        left -= 1;
      }
    }
  }
  // A schedule that ended by its count ran at least once.
  for (const plan of schedules) {
    if (plan.story === 'schedule_finished' && plan.transfers === 0) plan.story = 'schedule_active';
  }
}
