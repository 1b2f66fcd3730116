import type { Currency } from '../../../shared/money';
import { compareUnits, medianOfSorted, type RecipientFigures } from '../guardian/spending';

/**
 * What each payer has paid each recipient, per currency: the amounts of the succeeded
 * transfers, kept sorted, so the count and the median the Guardian compares a new amount
 * with are read without sorting the history again.
 */
export class RecipientHistory {
  readonly #amounts = new Map<string, bigint[]>();

  /**
   * A history of many transfers at once: `add` each to the collector, then `done` sorts
   * each recipient's amounts once instead of inserting each in place.
   */
  static collector(): {
    add: (payerId: string, recipientId: string, currency: Currency, units: bigint) => void;
    done: () => RecipientHistory;
  } {
    const history = new RecipientHistory();
    return {
      add: (payerId, recipientId, currency, units) => {
        history.#listOf(historyKey(payerId, recipientId, currency)).push(units);
      },
      done: () => {
        for (const [key, amounts] of history.#amounts) {
          history.#amounts.set(key, sortedUnits(amounts));
        }
        return history;
      },
    };
  }

  add(payerId: string, recipientId: string, currency: Currency, units: bigint): void {
    const sorted = this.#listOf(historyKey(payerId, recipientId, currency));
    sorted.splice(firstAbove(sorted, units), 0, units);
  }

  remove(payerId: string, recipientId: string, currency: Currency, units: bigint): void {
    const sorted = this.#amounts.get(historyKey(payerId, recipientId, currency));
    if (!sorted) return;
    const index = firstAbove(sorted, units) - 1;
    if (index >= 0 && sorted[index] === units) sorted.splice(index, 1);
  }

  figures(payerId: string, recipientId: string, currency: Currency): RecipientFigures {
    const sorted = this.#amounts.get(historyKey(payerId, recipientId, currency)) ?? [];
    return { recipientId, count: sorted.length, median: medianOfSorted(sorted) };
  }

  #listOf(key: string): bigint[] {
    let amounts = this.#amounts.get(key);
    if (!amounts) {
      amounts = [];
      this.#amounts.set(key, amounts);
    }
    return amounts;
  }
}

function historyKey(payerId: string, recipientId: string, currency: Currency): string {
  return `${payerId}\u0000${recipientId}\u0000${currency}`;
}

/** The index of the first amount greater than `units`. */
function firstAbove(sorted: readonly bigint[], units: bigint): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareUnits(sorted[middle] ?? 0n, units) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The amounts in ascending order. A typed array sorts numbers natively, many times faster
 * than a comparator over bigints, which is what loading a long history spends its time on;
 * amounts beyond 64 bits (none a wallet holds) take the comparator.
 */
function sortedUnits(amounts: bigint[]): bigint[] {
  if (!amounts.every((units) => units >= INT64_MIN && units <= INT64_MAX)) {
    return amounts.sort(compareUnits);
  }
  return Array.from(BigInt64Array.from(amounts).sort());
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
