import type { PlannedRun } from './forecast';

/** Cumulative units over runs sorted by instant: sums[i] is the units of runs[0..i). */
interface Prefix {
  runs: readonly PlannedRun[];
  sums: bigint[];
}

/**
 * Sums of a forecast's runs up to an instant, answered by binary search. A payer with
 * thousands of active schedules has tens of thousands of runs ahead; walking them on
 * every command (to total the money spoken for, or to follow a new schedule's balance
 * run by run) made a command cost the ledger's size. Forecasts are remembered and frozen
 * (ScheduleIndex.upcomingRuns), so the sums are worked out once per forecast and shared
 * by every command that gets the same one.
 *
 * `excluding` leaves one payment's runs out, as when a stored payment is assessed again
 * at its confirmation and must not count against itself: its runs (at most a forecast's
 * per-payment share) are summed on their own and taken off.
 */
export class RunTotals {
  readonly #all: Prefix;
  readonly #excluded: Prefix | undefined;

  private constructor(all: Prefix, excluded: Prefix | undefined) {
    this.#all = all;
    this.#excluded = excluded;
  }

  static of(runs: readonly PlannedRun[], excluding?: string): RunTotals {
    const all = prefixOf(runs);
    if (excluding === undefined) return new RunTotals(all, undefined);
    const own = byPaymentOf(all).get(excluding);
    return new RunTotals(all, own === undefined ? undefined : prefixOf(own));
  }

  /** The units of the runs at or before `at`. */
  unitsUpTo(at: string): bigint {
    return this.#sum((prefix) => countUpTo(prefix.runs, at));
  }

  /** The units of the runs strictly before `at`. */
  unitsBefore(at: string): bigint {
    return this.#sum((prefix) => countBefore(prefix.runs, at));
  }

  #sum(count: (prefix: Prefix) => number): bigint {
    const total = this.#all.sums[count(this.#all)] ?? 0n;
    const excluded = this.#excluded;
    return excluded === undefined ? total : total - (excluded.sums[count(excluded)] ?? 0n);
  }
}

const prefixes = new WeakMap<readonly PlannedRun[], Prefix>();
const byPayment = new WeakMap<Prefix, Map<string, PlannedRun[]>>();

function prefixOf(given: readonly PlannedRun[]): Prefix {
  const known = prefixes.get(given);
  if (known) return known;
  // Forecasts come sorted; anything else (a test's hand-made list) is sorted here once.
  const runs = isSorted(given) ? given : [...given].sort(byInstant);
  const sums: bigint[] = [0n];
  let total = 0n;
  for (const run of runs) {
    total += run.units;
    sums.push(total);
  }
  const prefix = { runs, sums };
  prefixes.set(given, prefix);
  return prefix;
}

function byPaymentOf(prefix: Prefix): Map<string, PlannedRun[]> {
  let index = byPayment.get(prefix);
  if (!index) {
    index = new Map();
    for (const run of prefix.runs) {
      const list = index.get(run.paymentId);
      if (list) list.push(run);
      else index.set(run.paymentId, [run]);
    }
    byPayment.set(prefix, index);
  }
  return index;
}

function isSorted(runs: readonly PlannedRun[]): boolean {
  for (let index = 1; index < runs.length; index += 1) {
    if ((runs[index - 1]?.at ?? '') > (runs[index]?.at ?? '')) return false;
  }
  return true;
}

function byInstant(left: PlannedRun, right: PlannedRun): number {
  return left.at < right.at ? -1 : left.at > right.at ? 1 : 0;
}

/** How many runs are at or before `at`. */
function countUpTo(runs: readonly PlannedRun[], at: string): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runs[middle]?.at ?? '') <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many runs are strictly before `at`. */
function countBefore(runs: readonly PlannedRun[], at: string): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runs[middle]?.at ?? '') < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
