import { describe, expect, it } from 'vitest';
import {
  anchoredRule,
  firstOccurrence,
  formatRecurrence,
  occurrencesAfter,
} from '../../../../electron/core/intent/schedule/occurrences';
import { RRule } from '../../../../electron/core/intent/schedule/rruleLibrary';

const NEW_YORK = 'America/New_York';
const nine = { hour: 9, minute: 0 };

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
    const first = firstOccurrence('FREQ=WEEKLY;BYDAY=FR', {
      timezone: NEW_YORK,
      searchFrom: new Date('2026-11-27T15:00:00Z'),
      inclusive: false,
      timeOfDay: nine,
    });
    expect(first?.toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('keeps the local time of day across a daylight-saving change', () => {
    const anchor = new Date('2027-03-12T14:00:00Z'); // Friday 09:00 EST
    const runs = occurrencesAfter('FREQ=DAILY', {
      timezone: NEW_YORK,
      firstRun: anchor,
      after: new Date('2027-03-12T00:00:00Z'),
      limit: 4,
    });
    expect(runs.map((run) => run.toISOString())).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z', // 09:00 EDT
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  it('does not delay the first run by an interval, and counts the interval from it', () => {
    const first = firstOccurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', {
      timezone: NEW_YORK,
      searchFrom: new Date('2026-11-27T15:00:00Z'),
      inclusive: false,
      timeOfDay: nine,
    });
    expect(first?.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    const runs = occurrencesAfter('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', {
      timezone: NEW_YORK,
      firstRun: first!,
      after: new Date('2026-11-27T15:00:00Z'),
      limit: 3,
    });
    expect(runs.map((run) => run.toISOString().slice(0, 10))).toEqual([
      '2026-12-04',
      '2026-12-18',
      '2027-01-01',
    ]);
  });

  it('stops at UNTIL and COUNT, counted from the first run', () => {
    const firstRun = new Date('2026-12-04T14:00:00Z');
    const until = occurrencesAfter('FREQ=WEEKLY;BYDAY=FR;UNTIL=20261219T045959Z', {
      timezone: NEW_YORK,
      firstRun,
      after: new Date('2026-11-27T15:00:00Z'),
      limit: 10,
    });
    expect(until).toHaveLength(3);
    const count = occurrencesAfter('FREQ=WEEKLY;BYDAY=FR;COUNT=2', {
      timezone: NEW_YORK,
      firstRun,
      after: new Date('2026-11-27T15:00:00Z'),
      limit: 10,
    });
    expect(count).toHaveLength(2);
  });

  it('returns nothing when UNTIL is before the first match', () => {
    expect(
      firstOccurrence('FREQ=WEEKLY;BYDAY=FR;UNTIL=20270101T045959Z', {
        timezone: NEW_YORK,
        searchFrom: new Date('2026-12-31T20:00:00Z'),
        inclusive: false,
        timeOfDay: nine,
      }),
    ).toBeUndefined();
  });

  it('anchors a stored rule at its first run', () => {
    const rule = anchoredRule(
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      NEW_YORK,
      new Date('2026-11-30T14:00:00Z'),
    );
    expect(rule.options.bymonthday).toEqual([]);
    expect(rule.options.bynmonthday).toEqual([-1]);
  });
});
