import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdText, type RowIds } from '../../../../electron/core/transfers/idText';

/** What a search must find: the needle in either id, case ignored. */
function naive(row: RowIds, needle: string): boolean {
  return (
    row.id.toLowerCase().includes(needle) ||
    (row.transferId !== null && row.transferId.toLowerCase().includes(needle))
  );
}

// Few characters, capitals and letters outside ASCII among them, so needles often hit;
// ')' shares a bit with '_' (see charBit), so a row may bring a character already covered.
const character = fc.constantFrom(
  'a',
  'b',
  'x',
  'A',
  'B',
  '0',
  '7',
  '_',
  ')',
  '-',
  'é',
  'É',
  'İ',
  'ß',
);
const text = (maxLength: number) => fc.string({ unit: character, maxLength });
const rowIds = fc.record({ id: text(8), transferId: fc.option(text(8), { nil: null }) });

describe('IdText', () => {
  it('finds a needle in exactly the rows whose ids hold it, case ignored, however rows are learned and changed', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), ids: rowIds }),
      fc.record({ kind: fc.constant('change' as const), at: fc.nat(), ids: rowIds }),
      fc.record({ kind: fc.constant('learn' as const), limit: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('search' as const), needle: text(3) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const rows: RowIds[] = [];
        const ids = new IdText((row) => rows[row]!);
        for (const next of steps) {
          if (next.kind === 'add') {
            rows.push(next.ids);
            ids.changed(rows.length - 1);
          } else if (next.kind === 'change' && rows.length > 0) {
            const at = next.at % rows.length;
            rows[at] = next.ids;
            ids.changed(at);
          } else if (next.kind === 'learn') {
            ids.learn(rows.length, next.limit);
          } else if (next.kind === 'search') {
            const needle = next.needle.toLowerCase();
            if (needle === '') continue;
            const mayHold = ids.mayHold(needle, rows.length);
            rows.forEach((row, at) => {
              expect(mayHold && ids.holds(at, needle)).toBe(naive(row, needle));
            });
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('turns a needle away without reading any row when no id has one of its characters', () => {
    const rows: RowIds[] = [
      { id: 'exe_0a1b', transferId: 'sim_ff-00' },
      { id: 'exe_99', transferId: null },
    ];
    let reads = 0;
    const ids = new IdText((row) => {
      reads += 1;
      return rows[row]!;
    });
    expect(ids.learn(rows.length, 10)).toBe(true);
    reads = 0;
    expect(ids.mayHold('groceries', rows.length)).toBe(false);
    expect(ids.mayHold('0a1', rows.length)).toBe(true);
    expect(reads).toBe(0);
    expect(ids.holds(0, '0a1')).toBe(true);
  });
});
