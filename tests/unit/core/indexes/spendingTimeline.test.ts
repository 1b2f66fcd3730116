import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SpendingTimeline,
  type TimedAmount,
} from '../../../../electron/core/indexes/spendingTimeline';

// Pure code over instants given as text; far from today on purpose.
const BASE = Date.parse('2031-05-01T00:00:00.000Z');
const HOUR = 3_600_000;
const instant = fc
  .integer({ min: 0, max: 24 * 90 })
  .map((hours) => new Date(BASE + hours * HOUR).toISOString());

/**
 * An instant as a journal could hold it: normally in the one stored format, sometimes
 * written without milliseconds, whose text sorts apart from its time at a tie.
 */
const writtenInstant = fc
  .tuple(instant, fc.boolean())
  .map(([at, short]) => (short ? at.replace('.000Z', 'Z') : at));

type Step =
  | { kind: 'add'; entry: TimedAmount }
  | { kind: 'remove'; pick: number }
  | { kind: 'since'; start: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    entry: fc.record({
      id: fc.integer({ min: 0, max: 30 }).map((id) => `exe_${id}`),
      at: instant,
      units: fc.bigInt({ min: 1n, max: 1_000_000n }),
    }),
  }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('since' as const), start: writtenInstant }),
);

describe('SpendingTimeline', () => {
  it('answers "since when" as a scan of every entry does, with old entries set aside at build', () => {
    fc.assert(
      fc.property(
        // An execution is on a wallet's timeline once: id and instant never repeat.
        fc.uniqueArray(
          fc.record({
            id: fc.string({ maxLength: 4 }),
            at: writtenInstant,
            units: fc.bigInt({ min: 1n, max: 99n }),
          }),
          { maxLength: 40, selector: (entry) => `${entry.id} ${entry.at}` },
        ),
        fc.option(instant, { nil: '' }),
        fc.array(step, { maxLength: 40 }),
        (initial, settledBefore, steps) => {
          const timeline = SpendingTimeline.of(
            {
              ids: initial.map((entry) => entry.id),
              at: initial.map((entry) => entry.at),
              units: initial.map((entry) => entry.units),
            },
            settledBefore,
          );
          const scan: TimedAmount[] = [...initial];
          for (const each of steps) {
            if (each.kind === 'add') {
              if (scan.some((entry) => entry.id === each.entry.id && entry.at === each.entry.at)) {
                continue;
              }
              timeline.add(each.entry);
              scan.push(each.entry);
            } else if (each.kind === 'remove') {
              const entry = scan[each.pick % Math.max(1, scan.length)];
              const expected = entry !== undefined;
              if (entry) scan.splice(scan.indexOf(entry), 1);
              expect(timeline.remove(entry?.id ?? 'none', entry?.at ?? '')).toBe(expected);
            } else {
              const since = scan.filter((entry) => entry.at >= each.start);
              expect(timeline.since(each.start)).toEqual({
                count: since.length,
                total: since.reduce((total, entry) => total + entry.units, 0n),
              });
            }
            expect(timeline.size).toBe(scan.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('orders by the instants as text when one is written in another form, as its searches read them', () => {
    const three = new Date(BASE + 3 * HOUR).toISOString();
    const short = three.replace('.000Z', 'Z');
    const timeline = SpendingTimeline.of({
      ids: ['short', 'one', 'long'],
      // The same time twice, in two forms: by time a tie, by text the short form is later.
      at: [short, new Date(BASE + HOUR).toISOString(), three],
      units: [1n, 10n, 100n],
    });
    expect(timeline.since(short)).toEqual({ count: 1, total: 1n });
    expect(timeline.since(three)).toEqual({ count: 2, total: 101n });
  });

  it('keeps entries before the cut out of order until a question reaches back to them', () => {
    const timeline = SpendingTimeline.of(
      {
        ids: ['late', 'old', 'older'],
        at: ['2031-05-20T00:00:00.000Z', '2031-03-02T00:00:00.000Z', '2031-03-01T00:00:00.000Z'],
        units: [5n, 7n, 11n],
      },
      '2031-04-01T00:00:00.000Z',
    );
    timeline.add({ id: 'oldest', at: '2031-02-01T00:00:00.000Z', units: 13n });
    expect(timeline.since('2031-05-01T00:00:00.000Z')).toEqual({ count: 1, total: 5n });
    expect(timeline.remove('old', '2031-03-02T00:00:00.000Z')).toBe(true);
    expect(timeline.since('2031-01-01T00:00:00.000Z')).toEqual({ count: 3, total: 29n });
    expect(timeline.since('2031-02-15T00:00:00.000Z')).toEqual({ count: 2, total: 16n });
  });
});
