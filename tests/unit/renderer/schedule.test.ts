import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../../renderer/src/format/schedule';

const zone = 'America/New_York';
const recurring = (rrule: string, firstRun = '2026-12-01T14:00:00Z') =>
  ({ kind: 'recurring', rrule, firstRun, timezone: zone }) as const;

describe('describeSchedule', () => {
  it('describes one-off payments', () => {
    expect(describeSchedule({ kind: 'once', runAt: null }, zone, 'en-US')).toBe('Once, right away');
    expect(describeSchedule({ kind: 'once', runAt: '2026-11-28T14:00:00Z' }, zone, 'en-US')).toBe(
      'Once, on Sat, Nov 28, 2026, 9:00 AM EST',
    );
  });

  it('describes recurring payments in their own time zone', () => {
    expect(describeSchedule(recurring('FREQ=DAILY'), zone, 'en-US')).toBe('Every day at 9:00 AM');
    expect(describeSchedule(recurring('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR'), zone, 'en-US')).toBe(
      'Every 2 weeks on Monday and Friday at 9:00 AM',
    );
    expect(describeSchedule(recurring('FREQ=WEEKLY'), zone, 'en-US')).toBe(
      'Every week on Tuesday at 9:00 AM',
    );
    expect(describeSchedule(recurring('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'), zone, 'en-US')).toBe(
      'Every week on weekdays at 9:00 AM',
    );
    expect(describeSchedule(recurring('FREQ=MONTHLY;BYMONTHDAY=1;COUNT=12'), zone, 'en-US')).toBe(
      'Every month on the 1st at 9:00 AM, 12 times',
    );
    expect(describeSchedule(recurring('FREQ=MONTHLY;BYMONTHDAY=-1'), zone, 'en-US')).toBe(
      'Every month on the last day at 9:00 AM',
    );
    expect(describeSchedule(recurring('FREQ=MONTHLY;BYDAY=1MO'), zone, 'en-US')).toBe(
      'Every month on the first Monday at 9:00 AM',
    );
    expect(describeSchedule(recurring('FREQ=MONTHLY;UNTIL=20270601T000000Z'), zone, 'en-US')).toBe(
      'Every month on the 1st at 9:00 AM, until May 31, 2027',
    );
    expect(describeSchedule(recurring('FREQ=YEARLY'), zone, 'en-US')).toBe(
      'Every year on December 1 at 9:00 AM',
    );
  });

  it('gives the local time the runs keep when the first run was moved by a DST change', () => {
    // "every sunday at 2:30am" said the day before clocks go forward over 2:30: the first
    // run is at 3:30 EDT, every later one at 2:30.
    const schedule = {
      kind: 'recurring',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      firstRun: '2027-03-14T07:30:00.000Z',
      localStart: '2027-03-14T02:30:00',
      timezone: zone,
    } as const;
    expect(describeSchedule(schedule, zone, 'en-US')).toBe('Every week on Sunday at 2:30 AM');
    expect(describeSchedule({ ...schedule, rrule: 'FREQ=WEEKLY' }, zone, 'en-US')).toBe(
      'Every week on Sunday at 2:30 AM',
    );
  });

  it('shows a rule it does not understand as-is', () => {
    expect(describeSchedule(recurring('FREQ=HOURLY'), zone, 'en-US')).toBe('Repeats (FREQ=HOURLY)');
  });
});

describe('schedules the parser learnt to read', () => {
  const monthly = (rrule: string) =>
    describeSchedule(
      {
        kind: 'recurring',
        rrule,
        firstRun: '2026-11-30T14:00:00.000Z',
        timezone: 'America/New_York',
      },
      'America/New_York',
    );

  it('names several days of the month, the last day included', () => {
    expect(monthly('FREQ=MONTHLY;BYMONTHDAY=10,-1')).toBe(
      'Every month on the 10th and the last day at 9:00 AM',
    );
    expect(monthly('FREQ=MONTHLY;BYMONTHDAY=2,16')).toBe(
      'Every month on the 2nd and the 16th at 9:00 AM',
    );
  });

  it('names the first and last business day', () => {
    expect(monthly('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')).toBe(
      'Every month on the last business day at 9:00 AM',
    );
    expect(monthly('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1')).toBe(
      'Every month on the first business day at 9:00 AM',
    );
  });
});
