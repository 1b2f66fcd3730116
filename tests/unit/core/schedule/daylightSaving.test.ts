import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schedule } from '../../../../shared/schemas/schedule';
import { QueryAgent } from '../../../../electron/core/agents/queryAgent';
import type { QueryIntent } from '../../../../electron/core/agents/queryFacts';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { nextOccurrence, occurrencesBetween } from '../../../../electron/core/schedule/occurrences';
import { samplePayment } from '../../../support/dataFolder';
import { demoContext } from '../../../support/intentContext';
import { memorySources } from '../../../support/querySources';

/**
 * Schedules across daylight-saving changes, read as RFC 5545 reads them: a local time
 * shown twice is its first instance, one never shown moves forward by the gap, and the
 * rule keeps the local time that was said. The process's own clock never matters: the
 * real clock is set to winter and to summer around the same questions.
 */

const NEW_YORK = 'America/New_York';
const WINTER = '2026-01-15T12:00:00.000Z';
const SUMMER = '2026-07-15T12:00:00.000Z';

afterEach(() => {
  vi.useRealTimers();
});

/** Runs `ask` with the process's real clock (Date, and so luxon's) at `instant`. */
function withRealClockAt<Result>(instant: string, ask: () => Result): Result {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant) });
  try {
    return ask();
  } finally {
    vi.useRealTimers();
  }
}

function localTime(instant: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

function parsedSchedule(text: string, now: string, timezone: string): Schedule {
  const intent = parseIntent(text, demoContext({ now, timezone }));
  if (intent.kind !== 'payment') throw new Error(`"${text}" is not a payment`);
  expect(intent.problems).toEqual([]);
  return intent.schedule;
}

describe('schedules across daylight-saving changes', () => {
  it('pays a repeated 01:30 at its first instance, whatever season the real clock is in', () => {
    // Saturday Oct 31, 2026, noon in New York; clocks go back at 02:00 EDT on Sunday.
    const ask = () => {
      const schedule = parsedSchedule(
        'pay bob 20 every day at 1:30am',
        '2026-10-31T16:00:00.000Z',
        NEW_YORK,
      );
      return {
        schedule,
        runs: occurrencesBetween(schedule, '2026-10-31T16:00:00.000Z', undefined, 3),
        afterRestart: nextOccurrence(schedule, '2026-11-01T05:45:00.000Z'),
      };
    };
    const winter = withRealClockAt(WINTER, ask);
    const summer = withRealClockAt(SUMMER, ask);
    expect(winter).toEqual(summer);
    expect(winter.schedule).toMatchObject({ firstRun: '2026-11-01T05:30:00.000Z' }); // 01:30 EDT
    expect(winter.runs).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z', // 01:30 EST
      '2026-11-03T06:30:00.000Z',
    ]);
    // Asked again from inside the repeated hour (a restart at 01:45 EDT, or at 01:15 EST),
    // the second 01:30 is not a run of its own.
    expect(winter.afterRestart).toBe('2026-11-02T06:30:00.000Z');
    expect(nextOccurrence(winter.schedule, '2026-11-01T06:15:00.000Z')).toBe(
      '2026-11-02T06:30:00.000Z',
    );
  });

  it('resolves a one-off in the repeated hour the same way in winter and in summer', () => {
    const ask = () => {
      const intent = parseIntent(
        'pay bob 20 tomorrow at 1:30am',
        demoContext({ now: '2026-10-31T16:00:00.000Z', timezone: NEW_YORK }),
      );
      return intent.kind === 'payment' ? intent.schedule : undefined;
    };
    const winter = withRealClockAt(WINTER, ask);
    expect(winter).toEqual({ kind: 'once', runAt: '2026-11-01T05:30:00.000Z' });
    expect(withRealClockAt(SUMMER, ask)).toEqual(winter);
  });

  // The night before clocks go forward over the time said, in five zones.
  const gaps = [
    { timezone: 'America/New_York', now: '2027-03-13T17:00:00.000Z', said: '2:30am', at: '02:30' },
    { timezone: 'Europe/London', now: '2027-03-27T12:00:00.000Z', said: '1:30am', at: '01:30' },
    { timezone: 'Europe/Berlin', now: '2027-03-27T11:00:00.000Z', said: '2:30am', at: '02:30' },
    { timezone: 'Australia/Sydney', now: '2027-10-02T02:00:00.000Z', said: '2:30am', at: '02:30' },
    { timezone: 'Pacific/Auckland', now: '2027-09-25T00:00:00.000Z', said: '2:30am', at: '02:30' },
  ];
  it.each(gaps)(
    'keeps "every sunday at $said" at $at after a first run skipped by the change in $timezone',
    ({ timezone, now, said, at }) => {
      const schedule = parsedSchedule(`pay bob 20 every sunday at ${said}`, now, timezone);
      if (schedule.kind !== 'recurring') throw new Error('not a schedule');
      // The first run can't be at a time the clock skips: it is an hour later that night.
      expect(Date.parse(schedule.firstRun) - Date.parse(now)).toBeLessThan(2 * 86_400_000);
      expect(localTime(schedule.firstRun, timezone)).not.toBe(at);
      const later = occurrencesBetween(schedule, schedule.firstRun, undefined, 5);
      expect(later).toHaveLength(5);
      for (const run of later) expect(localTime(run, timezone)).toBe(at);
    },
  );

  it('lists upcoming runs into the repeated hour at its first instance, once each', () => {
    const payment = samplePayment('pay_fold', {
      amount: '20',
      status: 'scheduled',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=DAILY;COUNT=3',
        firstRun: '2026-10-31T05:30:00.000Z',
        timezone: NEW_YORK,
      },
      nextRunAt: '2026-10-31T05:30:00.000Z',
      createdAt: '2026-10-30T16:00:00.000Z',
    });
    const context = demoContext({ now: '2026-10-30T16:00:00.000Z', timezone: NEW_YORK });
    const agent = new QueryAgent(memorySources({ payments: [payment] }));
    const intent = parseIntent('show upcoming payments', context);
    const answer = () =>
      agent.answer(
        intent as QueryIntent,
        {
          userId: 'user1',
          now: context.now,
          timezone: NEW_YORK,
          directory: context.directory,
        } as Parameters<QueryAgent['answer']>[1],
      );
    for (const season of [WINTER, SUMMER]) {
      const reply = withRealClockAt(season, answer);
      expect(
        reply.facts?.topic === 'upcoming' && reply.facts.occurrences.map((run) => run.runAt),
      ).toEqual([
        '2026-10-31T05:30:00.000Z',
        '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first of the two
        '2026-11-02T06:30:00.000Z',
      ]);
    }
  });
});
