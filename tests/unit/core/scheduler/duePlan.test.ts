import { describe, expect, it } from 'vitest';
import { planTick } from '../../../../electron/core/scheduler/duePlan';
import {
  nextOccurrence,
  occurrencesBetween,
  startingRun,
} from '../../../../electron/core/schedule/occurrences';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { samplePayment } from '../../../support/dataFolder';

const fridays: Schedule = {
  kind: 'recurring',
  rrule: 'FREQ=WEEKLY;BYDAY=FR',
  firstRun: '2026-11-06T14:00:00.000Z',
  timezone: 'America/New_York',
};
const GRACE = 5 * 60 * 1000;

function weekly(overrides = {}) {
  return samplePayment('pay_weekly', {
    status: 'scheduled',
    schedule: fridays,
    nextRunAt: '2026-11-06T14:00:00.000Z',
    ...overrides,
  });
}

describe('recurrence', () => {
  it('walks an RRULE in the schedule zone, keeping 9:00 local across the DST change', () => {
    const schedule: Schedule = { ...fridays, firstRun: '2026-10-30T13:00:00.000Z' };
    expect(
      occurrencesBetween(schedule, '2026-10-01T00:00:00.000Z', '2026-11-14T00:00:00.000Z', 10),
    ).toEqual(['2026-10-30T13:00:00.000Z', '2026-11-06T14:00:00.000Z', '2026-11-13T14:00:00.000Z']);
    expect(nextOccurrence(schedule, '2026-10-30T13:00:00.000Z')).toBe('2026-11-06T14:00:00.000Z');
    expect(nextOccurrence({ kind: 'once', runAt: null }, '2026-10-30T13:00:00.000Z')).toBeNull();
  });

  it('starts a confirmed schedule at its first run unless that is long past', () => {
    expect(startingRun(fridays, '2026-11-06T14:03:00.000Z', GRACE)).toBe(
      '2026-11-06T14:00:00.000Z',
    );
    expect(startingRun(fridays, '2026-11-06T15:00:00.000Z', GRACE)).toBe(
      '2026-11-13T14:00:00.000Z',
    );
    expect(startingRun({ kind: 'once', runAt: null }, '2026-11-02T14:00:00.000Z')).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });
});

describe('planTick', () => {
  it('pays an on-time occurrence and moves the row to the next one', () => {
    const plan = planTick([weekly()], new Date('2026-11-06T14:02:00Z'), GRACE);
    expect(plan.due.map((item) => item.occurrenceAt)).toEqual(['2026-11-06T14:00:00.000Z']);
    expect(plan.changed.get('pay_weekly')?.nextRunAt).toBe('2026-11-13T14:00:00.000Z');
    expect(plan.held).toEqual([]);
  });

  it('holds late occurrences, and everything due with them, for the user', () => {
    const plan = planTick([weekly()], new Date('2026-11-20T14:01:00Z'), GRACE);
    expect(plan.due).toEqual([]);
    expect(plan.held[0]?.occurrences).toEqual([
      '2026-11-06T14:00:00.000Z',
      '2026-11-13T14:00:00.000Z',
      '2026-11-20T14:00:00.000Z',
    ]);
    expect(plan.changed.get('pay_weekly')).toMatchObject({
      status: 'missed',
      nextRunAt: '2026-11-27T14:00:00.000Z',
    });
    // A held payment keeps collecting the runs that fall due before the user answers.
    const held = plan.changed.get('pay_weekly');
    const later = planTick(held ? [held] : [], new Date('2026-11-27T14:00:30Z'), GRACE);
    expect(later.due).toEqual([]);
    expect(later.changed.get('pay_weekly')?.missedRuns).toHaveLength(4);
  });

  it('leaves paused and not-yet-due payments alone, and runs approved missed runs', () => {
    const now = new Date('2026-11-20T14:01:00Z');
    expect(planTick([weekly({ paused: true })], now, GRACE)).toMatchObject({ due: [], held: [] });
    expect(planTick([weekly({ nextRunAt: '2026-11-27T14:00:00.000Z' })], now, GRACE).due).toEqual(
      [],
    );
    const approved = weekly({
      nextRunAt: '2026-11-27T14:00:00.000Z',
      approvedRuns: ['2026-11-06T14:00:00.000Z'],
    });
    expect(planTick([approved], now, GRACE).due.map((item) => item.occurrenceAt)).toEqual([
      '2026-11-06T14:00:00.000Z',
    ]);
  });
});
