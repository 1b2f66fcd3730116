import { describe, expect, it } from 'vitest';
import { balancesAfter, upcomingRuns } from '../../../../electron/core/monitor/forecast';
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
