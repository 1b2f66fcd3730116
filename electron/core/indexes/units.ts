import { toMinorUnits } from '../../../shared/money';

/**
 * toMinorUnits with a memory of recent amounts. A ledger repeats a few amounts many
 * times (the rent, the weekly allowance), and loading a long journal at start would
 * otherwise parse each line's amount again; bounded, so odd amounts can't make it grow.
 */
export function unitsOf(amount: string): bigint {
  let units = recent.get(amount);
  if (units === undefined) {
    if (recent.size >= MAX_REMEMBERED) recent.clear();
    units = toMinorUnits(amount);
    recent.set(amount, units);
  }
  return units;
}

const MAX_REMEMBERED = 10_000;
const recent = new Map<string, bigint>();
