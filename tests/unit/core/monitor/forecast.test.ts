import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  balancesAfter,
  forecastWarmUp,
  runsOf,
  upcomingRuns,
} from '../../../../electron/core/monitor/forecast';
import type { Payment } from '../../../../shared/schemas/payment';
import { samplePayment } from '../../../support/samples';

// Dates far from today: the forecast is pure and takes its horizon as an argument.
const START = '2031-03-03T14:00:00.000Z';

function schedule(id: string, rrule: string, amount: string, overrides: Partial<Payment> = {}) {
  return samplePayment(id, {
    amount,
    status: 'scheduled',
    nextRunAt: START,
    schedule: { kind: 'recurring', rrule, firstRun: START, timezone: 'UTC' },
    ...overrides,
  });
}

const daily = schedule('pay_daily', 'FREQ=DAILY', '100');
const weekly = schedule('pay_weekly', 'FREQ=WEEKLY', '1000');
const query = { userId: 'user1', currency: 'USDC' as const, until: '2031-03-24T00:00:00.000Z' };

describe('upcomingRuns', () => {
  it("lists every schedule's runs up to the horizon, past a faster schedule's cap", () => {
    const { runs, cut } = upcomingRuns([daily, weekly], { ...query, perPaymentLimit: 5 });
    // The daily stops at its cap of 5 (Mar 7); the weekly runs on Mar 10 and 17 still count.
    expect(runs.filter((run) => run.paymentId === 'pay_weekly').map((run) => run.at)).toEqual([
      START,
      '2031-03-10T14:00:00.000Z',
      '2031-03-17T14:00:00.000Z',
    ]);
    expect(runs.filter((run) => run.paymentId === 'pay_daily')).toHaveLength(5);
    expect(cut).toEqual([{ paymentId: 'pay_daily', lastCounted: '2031-03-07T14:00:00.000Z' }]);
  });

  it('counts every run of both schedules when the cap allows, soonest first', () => {
    const { runs, cut } = upcomingRuns([weekly, daily], { ...query, perPaymentLimit: 100 });
    expect(cut).toEqual([]);
    expect(runs).toHaveLength(21 + 3);
    expect(runs.map((run) => run.at)).toEqual([...runs.map((run) => run.at)].sort());
    const lowest = balancesAfter(5_000_000_000n, runs).at(-1);
    expect(lowest).toBe((5000n - 21n * 100n - 3n * 1000n) * 1_000_000n);
  });

  it('reports no cut for a schedule that ends exactly at the cap', () => {
    const counted = schedule('pay_count', 'FREQ=DAILY;COUNT=5', '1');
    expect(upcomingRuns([counted], { ...query, perPaymentLimit: 5 }).cut).toEqual([]);
  });

  it('shares a total cap between schedules, never under 3 runs each', () => {
    const { cut } = upcomingRuns([daily, weekly], {
      ...query,
      perPaymentLimit: 100,
      totalLimit: 4,
    });
    expect(cut).toEqual([{ paymentId: 'pay_daily', lastCounted: '2031-03-05T14:00:00.000Z' }]);
  });

  it('leaves out other currencies, users and paused schedules', () => {
    const others = [
      schedule('pay_euro', 'FREQ=DAILY', '1', { currency: 'EURC' }),
      schedule('pay_other', 'FREQ=DAILY', '1', { userId: 'user2' }),
      schedule('pay_paused', 'FREQ=DAILY', '1', { paused: true }),
    ];
    expect(upcomingRuns(others, { ...query, perPaymentLimit: 5 })).toEqual({ runs: [], cut: [] });
  });
});

describe('runsOf', () => {
  it('answers from what it remembers exactly as a fresh expansion would', () => {
    const base = Date.parse('2030-03-01T00:00:00.000Z');
    const at = (hours: number) => new Date(base + hours * 3_600_000).toISOString();
    const row = fc
      .record({
        rrule: fc.constantFrom('FREQ=HOURLY;INTERVAL=7', 'FREQ=DAILY', 'FREQ=WEEKLY;COUNT=4'),
        next: fc.integer({ min: 0, max: 48 }),
        approved: fc.array(fc.integer({ min: -48, max: 0 }), { maxLength: 2 }),
      })
      .map(({ rrule, next, approved }) =>
        samplePayment('pay_1', {
          status: 'scheduled',
          nextRunAt: at(next),
          ...(approved.length > 0 ? { approvedRuns: [...new Set(approved)].map(at) } : {}),
          schedule: { kind: 'recurring', rrule, firstRun: at(0), timezone: 'Europe/Berlin' },
        }),
      );
    const query = fc.record({
      until: fc.integer({ min: -24, max: 24 * 40 }),
      limit: fc.constantFrom(1, 3, 20),
    });
    fc.assert(
      fc.property(row, fc.array(query, { minLength: 1, maxLength: 6 }), (payment, queries) => {
        for (const { until, limit } of queries) {
          // A copy of the row is a new object, so nothing it learnt before can answer.
          const fresh = runsOf({ ...payment }, at(until), limit);
          expect(runsOf(payment, at(until), limit)).toEqual(fresh);
        }
      }),
      { numRuns: 400, seed: 20261206 },
    );
  });
});

describe('forecastWarmUp', () => {
  it('goes through the payments a budget of runs at a time, and leaves every forecast as it was', () => {
    const rows = Array.from({ length: 7 }, (_, index) =>
      schedule(`pay_${index}`, index % 2 === 0 ? 'FREQ=DAILY' : 'FREQ=WEEKLY', String(index + 1), {
        userId: index < 5 ? 'user1' : 'user2',
      }),
    );
    const limits = { until: query.until, perPaymentLimit: 100, totalLimit: 12 };
    // The same rows, never warmed: fresh objects share nothing remembered.
    const cold = rows.map((row) => ({ ...row }));
    const warm = forecastWarmUp(rows, limits);
    // user1's five schedules share 12 runs (3 each, 4 read), user2's two take 6 (7 read):
    // 8 runs a call is two of user1's, two more, one of each, then the last.
    expect([warm(8), warm(8), warm(8), warm(8)]).toEqual([false, false, false, true]);
    for (const userId of ['user1', 'user2']) {
      const ask = { ...limits, userId, currency: 'USDC' as const };
      expect(upcomingRuns(rows, ask)).toEqual(upcomingRuns(cold, ask));
    }
  });
});
