import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_STATUSES, type Payment } from '../../../../shared/schemas/payment';
import { JournalView } from '../../../../electron/core/execution/journalView';
import { isSettled } from '../../../../electron/core/repositories/payments';
import { planTick } from '../../../../electron/core/scheduler/duePlan';
import { settlePayment } from '../../../../electron/core/scheduler/settle';
import { samplePayment } from '../../../support/samples';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const instant = fc
  .integer({ min: -40, max: 40 })
  .map((days) => new Date(NOW.getTime() + days * 86_400_000).toISOString());

// Mostly none, so that finished rows with nothing held come up often.
const runs = fc.oneof(
  { arbitrary: fc.constant([] as string[]), weight: 4 },
  { arbitrary: fc.array(instant, { minLength: 1, maxLength: 2 }), weight: 1 },
);

const row: fc.Arbitrary<Payment> = fc
  .record({
    status: fc.constantFrom(...PAYMENT_STATUSES),
    nextRunAt: fc.option(instant, { nil: null }),
    missedRuns: runs,
    approvedRuns: runs,
    recurring: fc.boolean(),
    paused: fc.boolean(),
  })
  .map(({ status, nextRunAt, missedRuns, approvedRuns, recurring, paused }) =>
    samplePayment('pay_1', {
      status,
      nextRunAt,
      paused,
      ...(missedRuns.length > 0 ? { missedRuns } : {}),
      ...(approvedRuns.length > 0 ? { approvedRuns } : {}),
      schedule: recurring
        ? {
            kind: 'recurring',
            rrule: 'FREQ=DAILY',
            firstRun: '2029-11-01T14:00:00.000Z',
            timezone: 'America/New_York',
          }
        : { kind: 'once', runAt: null },
    }),
  );

describe('rows a tick leaves out', () => {
  it('are exactly rows that settling and planning leave alone and pay nothing for', () => {
    const view = new JournalView({ entries: () => [] });
    let settled = 0;
    fc.assert(
      fc.property(row, (payment) => {
        if (!isSettled(payment)) return;
        settled += 1;
        expect(settlePayment(payment, view, NOW.toISOString())).toBe(payment);
        const plan = planTick([payment], NOW, 60_000);
        expect(plan.due).toEqual([]);
        expect([...plan.changed.values()]).toEqual([]);
        expect(plan.held).toEqual([]);
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    // The generator reaches settled rows often enough for the check to mean something.
    expect(settled).toBeGreaterThan(100);
  });

  it('keeps every row that still has something to run', () => {
    expect(isSettled(samplePayment('pay_1', { status: 'executed' }))).toBe(true);
    expect(
      isSettled(samplePayment('pay_1', { status: 'scheduled', nextRunAt: NOW.toISOString() })),
    ).toBe(false);
    expect(
      isSettled(samplePayment('pay_1', { status: 'failed', approvedRuns: [NOW.toISOString()] })),
    ).toBe(false);
    expect(isSettled(samplePayment('pay_1', { status: 'flagged' }))).toBe(false);
  });
});
