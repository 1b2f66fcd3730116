import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { formatRecurrence } from '../../../../electron/core/intent/schedule/rule';
import { RRule } from '../../../../electron/core/intent/schedule/rruleLibrary';
import { firstRunAfter, occurrencesBetween } from '../../../../electron/core/schedule/occurrences';

const NEW_YORK = 'America/New_York';
const nine = { hour: 9, minute: 0 };

function recurring(rrule: string, firstRun: string): Schedule {
  return { kind: 'recurring', rrule, firstRun, timezone: NEW_YORK };
}

describe('recurrence occurrences', () => {
  it('writes RRULE bodies the rrule library reads back', () => {
    const body = formatRecurrence({
      frequency: 'MONTHLY',
      interval: 2,
      byDay: [],
      byMonthDay: [1, 15],
      byMonth: [],
      until: new Date('2027-01-01T04:59:59Z'),
    });
    expect(body).toBe('FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;UNTIL=20270101T045959Z');
    expect(RRule.parseString(body)).toMatchObject({ interval: 2, bymonthday: [1, 15] });
  });

  it('finds the first occurrence after now in the user’s zone', () => {
    const first = firstRunAfter('FREQ=WEEKLY;BYDAY=FR', {
      timezone: NEW_YORK,
      searchFrom: new Date('2026-11-27T15:00:00Z'),
      inclusive: false,
      timeOfDay: nine,
    });
    expect(first?.at.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    expect(first?.localStart).toBe('2026-12-04T09:00:00');
  });

  it('keeps the local time of day across a daylight-saving change', () => {
    const runs = occurrencesBetween(
      recurring('FREQ=DAILY', '2027-03-12T14:00:00.000Z'), // Friday 09:00 EST
      '2027-03-12T00:00:00.000Z',
      undefined,
      4,
    );
    expect(runs).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z', // 09:00 EDT
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  it('does not delay the first run by an interval, and counts the interval from it', () => {
    const first = firstRunAfter('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', {
      timezone: NEW_YORK,
      searchFrom: new Date('2026-11-27T15:00:00Z'),
      inclusive: false,
      timeOfDay: nine,
    });
    expect(first?.at.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    const runs = occurrencesBetween(
      recurring('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', first!.at.toISOString()),
      '2026-11-27T15:00:00.000Z',
      undefined,
      3,
    );
    expect(runs.map((run) => run.slice(0, 10))).toEqual(['2026-12-04', '2026-12-18', '2027-01-01']);
  });

  it('stops at UNTIL and COUNT, counted from the first run', () => {
    const firstRun = '2026-12-04T14:00:00.000Z';
    const after = '2026-11-27T15:00:00.000Z';
    const until = recurring('FREQ=WEEKLY;BYDAY=FR;UNTIL=20261219T045959Z', firstRun);
    expect(occurrencesBetween(until, after, undefined, 10)).toHaveLength(3);
    const count = recurring('FREQ=WEEKLY;BYDAY=FR;COUNT=2', firstRun);
    expect(occurrencesBetween(count, after, undefined, 10)).toHaveLength(2);
  });

  it('returns nothing when UNTIL is before the first match', () => {
    expect(
      firstRunAfter('FREQ=WEEKLY;BYDAY=FR;UNTIL=20270101T045959Z', {
        timezone: NEW_YORK,
        searchFrom: new Date('2026-12-31T20:00:00Z'),
        inclusive: false,
        timeOfDay: nine,
      }),
    ).toBeUndefined();
  });

  it('reads the last day of the month from a stored rule', () => {
    const runs = occurrencesBetween(
      recurring('FREQ=MONTHLY;BYMONTHDAY=-1', '2026-11-30T14:00:00.000Z'),
      '2026-11-30T14:00:00.000Z',
      undefined,
      3,
    );
    expect(runs.map((run) => run.slice(0, 10))).toEqual(['2026-12-31', '2027-01-31', '2027-02-28']);
  });
});
