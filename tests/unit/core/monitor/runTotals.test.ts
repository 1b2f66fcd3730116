import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleOutlook } from '../../../../electron/core/guardian/scheduleOutlook';
import type { PlannedRun } from '../../../../electron/core/monitor/forecast';
import { RunTotals } from '../../../../electron/core/monitor/runTotals';
import { occurrencesBetween } from '../../../../electron/core/schedule/occurrences';
import type { Schedule } from '../../../../shared/schemas/schedule';

// Pure code, given its instants: far from today on purpose. The window crosses the
// spring-forward change in the northern zones and the autumn one in the southern.
const START = Date.parse('2031-03-01T00:00:00.000Z');
const SPAN = 40 * 24 * 60 * 60 * 1000;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Pacific/Auckland', 'UTC'];

const instant = fc
  .integer({ min: 0, max: SPAN / 60_000 })
  .map((minutes) => new Date(START + minutes * 60_000).toISOString());
const run = fc.record({
  paymentId: fc.constantFrom('pay_a', 'pay_b', 'pay_c'),
  at: instant,
  units: fc.bigInt({ min: 1n, max: 10_000_000n }),
});
const sorted = (runs: PlannedRun[]) =>
  [...runs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

describe('RunTotals', () => {
  it('sums the runs up to and before an instant, one payment left out, as a walk does', () => {
    fc.assert(
      fc.property(
        fc.array(run, { maxLength: 60 }),
        instant,
        fc.constantFrom(undefined, 'pay_a', 'pay_z'),
        (runs, at, excluding) => {
          const totals = RunTotals.of(sorted(runs), excluding);
          const kept = runs.filter((one) => one.paymentId !== excluding);
          const sum = (list: PlannedRun[]) => list.reduce((total, one) => total + one.units, 0n);
          expect(totals.unitsUpTo(at)).toBe(sum(kept.filter((one) => one.at <= at)));
          expect(totals.unitsBefore(at)).toBe(sum(kept.filter((one) => one.at < at)));
        },
      ),
    );
  });

  it('gives the same sums for a list that is not in order', () => {
    const runs: PlannedRun[] = [
      { paymentId: 'pay_a', at: '2031-03-02T00:00:00.000Z', units: 5n },
      { paymentId: 'pay_b', at: '2031-03-01T00:00:00.000Z', units: 7n },
    ];
    expect(RunTotals.of(runs).unitsUpTo('2031-03-01T12:00:00.000Z')).toBe(7n);
    expect(RunTotals.of(runs, 'pay_b').unitsUpTo('2031-03-03T00:00:00.000Z')).toBe(5n);
  });
});

describe('scheduleOutlook over run totals', () => {
  it('finds the same exhaustion and busiest day and month as walking every run, in any zone', () => {
    fc.assert(
      fc.property(
        fc.array(run, { maxLength: 80 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('FREQ=DAILY', 'FREQ=HOURLY;INTERVAL=7', 'FREQ=WEEKLY;BYDAY=SU'),
        fc.integer({ min: 0, max: 48 }),
        fc.bigInt({ min: 0n, max: 400_000_000n }),
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        (given, timezone, rrule, startHours, balance, units) => {
          const others = sorted(given);
          const now = new Date(START + startHours * 60 * 60 * 1000);
          const until = new Date(START + SPAN - 5 * 24 * 60 * 60 * 1000).toISOString();
          const schedule: Schedule = {
            kind: 'recurring',
            rrule,
            firstRun: new Date(now.getTime() + 30 * 60 * 1000).toISOString(),
            timezone,
          };
          const outlook = scheduleOutlook({
            schedule,
            units,
            now,
            until,
            timezone,
            others: RunTotals.of(others),
            balance,
            spentToday: 3n,
            spentThisMonth: 11n,
          });
          const own = occurrencesBetween(
            schedule,
            new Date(now.getTime() - 1).toISOString(),
            until,
            1_000,
          );
          const expected = walked(own, units, others, until, balance, now, timezone);
          expect(outlook.exhaustion).toEqual(expected.exhaustion);
          expect(outlook.busiestDay).toEqual(expected.busiestDay);
          expect(outlook.busiestMonth).toEqual(expected.busiestMonth);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The reference: every run walked one by one, days read with Intl in the zone. */
function walked(
  own: string[],
  units: bigint,
  all: PlannedRun[],
  until: string,
  start: bigint,
  now: Date,
  timezone: string,
) {
  const others = all.filter((one) => one.at <= until);
  let exhaustion = null;
  let balance = start;
  let next = 0;
  for (const [index, at] of own.entries()) {
    while (next < others.length && (others[next]?.at ?? '') <= at) {
      balance -= others[next]?.units ?? 0n;
      next += 1;
    }
    balance -= units;
    if (balance < 0n) {
      exhaustion = { at, run: index + 1, balanceAfter: balance };
      break;
    }
  }
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayOf = (at: string) => format.format(new Date(at));
  const today = dayOf(now.toISOString());
  const days = new Map<string, bigint>([[today, 3n]]);
  const months = new Map<string, bigint>([[today.slice(0, 7), 11n]]);
  const add = (at: string, amount: bigint) => {
    const day = dayOf(at);
    days.set(day, (days.get(day) ?? 0n) + amount);
    months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0n) + amount);
  };
  for (const one of others) add(one.at, one.units);
  for (const at of own) add(at, units);
  const ownDays = [...new Set(own.map(dayOf))];
  const ownMonths = [...new Set(ownDays.map((day) => day.slice(0, 7)))];
  const most = (keys: string[], totals: Map<string, bigint>) => {
    let best: { key: string; total: bigint } | null = null;
    for (const key of keys) {
      const total = totals.get(key) ?? 0n;
      if (best === null || total > best.total) best = { key, total };
    }
    return best;
  };
  const day = most(ownDays, days);
  const month = most(ownMonths, months);
  return {
    exhaustion,
    busiestDay: day && { day: day.key, total: day.total },
    busiestMonth: month && { month: month.key, total: month.total },
  };
}
