import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { nextOccurrence, occurrencesBetween } from '../../../../electron/core/schedule/occurrences';

/**
 * A tick asks for the runs after a schedule's persisted next run, and the schedule module
 * starts expanding a whole number of periods after the first run instead of walking from
 * it. COUNT must still count the runs skipped, and UNTIL still end the rule: every answer
 * from a later run equals the same slice of the whole walk from the first run.
 */

const FIRST = '2026-01-05T14:00:00.000Z';
const SECOND = 1000;

function schedule(rrule: string, timezone = 'America/New_York', firstRun = FIRST): Schedule {
  return { kind: 'recurring', rrule, firstRun, timezone };
}

describe('occurrences from a later run', () => {
  it('carries COUNT across a month of five-second runs', () => {
    const count = 600_000; // about 35 days
    const every5s = schedule(`FREQ=SECONDLY;INTERVAL=5;COUNT=${count}`, 'Asia/Tokyo');
    const run = (index: number) => new Date(Date.parse(FIRST) + index * 5 * SECOND).toISOString();
    expect(nextOccurrence(every5s, run(500_000))).toBe(run(500_001));
    expect(occurrencesBetween(every5s, run(count - 4), undefined, 10)).toEqual([
      run(count - 3),
      run(count - 2),
      run(count - 1),
    ]);
    expect(nextOccurrence(every5s, run(count - 1))).toBeNull();
    expect(nextOccurrence(every5s, run(count + 10_000))).toBeNull();
  });

  it('ends at UNTIL after a jump', () => {
    const until = new Date(Date.parse(FIRST) + 20 * 86_400_000 + 7 * SECOND);
    const body = `FREQ=SECONDLY;INTERVAL=5;UNTIL=${until
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '')}`;
    const every5s = schedule(body, 'Asia/Tokyo');
    const last = new Date(Date.parse(FIRST) + 20 * 86_400_000 + 5 * SECOND).toISOString();
    expect(
      occurrencesBetween(
        every5s,
        new Date(until.getTime() - 60_000).toISOString(),
        undefined,
        100,
      ).at(-1),
    ).toBe(last);
    expect(nextOccurrence(every5s, last)).toBeNull();
  });

  // Rules whose periods hold the same number of runs (COUNT carried by arithmetic), and
  // rules that depend on the month (COUNT walked), across New York's DST changes.
  it.each([
    'FREQ=DAILY;COUNT=400',
    'FREQ=DAILY;INTERVAL=3;UNTIL=20270601T000000Z',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;COUNT=150',
    'FREQ=WEEKLY;BYDAY=SU;COUNT=80',
    'FREQ=HOURLY;INTERVAL=7;COUNT=1500',
    'FREQ=HOURLY;COUNT=5000',
    'FREQ=MINUTELY;INTERVAL=45;UNTIL=20260401T000000Z',
    'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=30',
    'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20300101T000000Z',
    'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;COUNT=40',
    'FREQ=DAILY;BYDAY=MO,TU;COUNT=100',
    'FREQ=YEARLY;COUNT=5',
  ])('%s: any later run gives the same runs as the walk from the first', (rrule) => {
    const rule = schedule(rrule);
    const walked = occurrencesBetween(rule, '2026-01-01T00:00:00.000Z', undefined, 10_000);
    expect(walked[0]).toBe(FIRST);
    expect(walked.length).toBeGreaterThan(4);
    const picks = [
      1,
      2,
      Math.floor(walked.length / 3),
      Math.floor(walked.length / 2),
      walked.length - 3,
      walked.length - 2,
      walked.length - 1,
    ];
    for (const index of picks) {
      const from = walked[index] ?? '';
      expect(occurrencesBetween(rule, from, undefined, 5)).toEqual(
        walked.slice(index + 1, index + 6),
      );
      expect(nextOccurrence(rule, from)).toBe(walked[index + 1] ?? null);
      // From between two runs too, as a tick at any moment asks.
      const between = new Date(Date.parse(from) + 1000).toISOString();
      expect(nextOccurrence(rule, between)).toBe(walked[index + 1] ?? null);
    }
  });
});
