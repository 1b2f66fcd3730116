import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdPositions } from '../../../../electron/core/transfers/idPositions';

describe('IdPositions', () => {
  it('answers as a Map would over any sequence of lookups and additions, through growth', () => {
    // Few distinct characters, so ids repeat and share prefixes; past 512 ids it has grown.
    const ids = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'é', '0'), maxLength: 6 }), {
      maxLength: 2000,
    });
    fc.assert(
      fc.property(ids, (sequence) => {
        const rows: string[] = [];
        const positions = new IdPositions((row) => rows[row]!);
        const model = new Map<string, number>();
        for (const id of sequence) {
          expect(positions.get(id)).toBe(model.get(id) ?? -1);
          const found = positions.getOrAdd(id, rows.length);
          expect(found).toBe(model.get(id) ?? -1);
          if (found === -1) {
            model.set(id, rows.length);
            rows.push(id);
          }
        }
        expect(positions.size).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps ten thousand distinct ids apart, and forgets them all on clear', () => {
    const rows = Array.from({ length: 10_000 }, (_, row) => `exe_${row.toString(16)}`);
    const positions = new IdPositions((row) => rows[row]!);
    rows.forEach((id, row) => expect(positions.getOrAdd(id, row)).toBe(-1));
    rows.forEach((id, row) => expect(positions.get(id)).toBe(row));
    expect(positions.get('exe_missing')).toBe(-1);
    positions.clear();
    expect(positions.size).toBe(0);
    expect(positions.get(rows[7]!)).toBe(-1);
  });
});
