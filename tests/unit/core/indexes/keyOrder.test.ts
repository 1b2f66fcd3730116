import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOrder } from '../../../../electron/core/indexes/keyOrder';

/** The order the comparator sort gives: by key, ties by position. */
function comparatorOrder(keys: readonly number[]): number[] {
  return keys.map((_, position) => position).sort((a, b) => keys[a]! - keys[b]! || a - b);
}

const keyLists = fc.oneof(
  // Instants around now, many ties (the same second).
  fc.array(
    fc.integer({ min: 0, max: 400 }).map((step) => 1_800_000_000_000 + step * 1000),
    {
      maxLength: 300,
    },
  ),
  // Whole numbers up to 2^53 - 1, crossing every 16-bit digit.
  fc.array(fc.maxSafeNat(), { maxLength: 300 }),
  // Small ranks, mostly equal.
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 300 }),
  // Keys the radix passes can't take: fractions and negatives.
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 }),
);

describe('keyOrder', () => {
  it('orders by key with ties in their original order, as the comparator sort does', () => {
    fc.assert(
      fc.property(keyLists, (keys) => {
        const order = keyOrder(Float64Array.from(keys), keys.length);
        expect([...order]).toEqual(comparatorOrder(keys));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves room past the sorted positions when asked for a larger capacity', () => {
    const order = keyOrder(Float64Array.from([5, 1, 5, 0]), 4, 16);
    expect(order.length).toBe(16);
    expect([...order.subarray(0, 4)]).toEqual([3, 1, 0, 2]);
  });

  it('sorts only the first `count` keys', () => {
    expect([...keyOrder(Float64Array.from([3, 2, 1, 0]), 2)]).toEqual([1, 0]);
  });
});
