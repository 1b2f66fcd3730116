import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { soonestSchedules } from '../../../../electron/core/handlers/upcoming';
import { PAYMENT_STATUSES, type Payment } from '../../../../shared/schemas/payment';
import { samplePayment } from '../../../support/samples';

const BASE = Date.parse('2031-02-01T00:00:00.000Z');
const at = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();

const row = fc
  .record({
    id: fc.integer({ min: 0, max: 10_000 }),
    user: fc.constantFrom('user1', 'user2'),
    status: fc.constantFrom(...PAYMENT_STATUSES),
    // Few distinct instants, so ties on the next run and on creation are common.
    next: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
    made: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ id, user, status, next, made }) =>
    samplePayment(`pay_${id}`, {
      userId: user,
      status,
      nextRunAt: next === null ? null : at(next),
      createdAt: at(made - 100),
    }),
  );

/** The view's order as a whole sort would give it: missed, next run, made, id. */
function sorted(payments: readonly Payment[], userId: string): Payment[] {
  const key = (payment: Payment) =>
    [
      payment.status === 'missed' ? 0 : 1,
      payment.nextRunAt ?? '9999',
      payment.createdAt,
      payment.id,
    ] as const;
  return payments
    .filter((payment) => payment.userId === userId)
    .filter((payment) => payment.status === 'scheduled' || payment.status === 'missed')
    .sort((left, right) => {
      const a = key(left);
      const b = key(right);
      for (let part = 0; part < a.length; part += 1) {
        if (a[part] !== b[part])
          return (a[part] as string | number) < (b[part] as string | number) ? -1 : 1;
      }
      return 0;
    });
}

describe('the soonest schedules of the Upcoming view', () => {
  it('are the first of a whole sort, and the count is every live schedule of the user', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (payment) => payment.id, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (payments, limit) => {
          const all = sorted(payments, 'user1');
          expect(soonestSchedules(payments, 'user1', limit)).toEqual({
            listed: all.slice(0, limit),
            count: all.length,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
