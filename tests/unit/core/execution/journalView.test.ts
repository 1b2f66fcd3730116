import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../shared/schemas/execution';
import { JournalView } from '../../../../electron/core/execution/journalView';

const STATUSES = ['started', 'succeeded', 'failed'] as const;

/** A journal line of attempt `id` of payment `paymentId`. */
function line(id: string, paymentId: string, status: (typeof STATUSES)[number]): Execution {
  const occurrenceAt = '2021-03-02T14:00:00.000Z';
  return {
    id,
    paymentId,
    occurrenceAt,
    idempotencyKey: `${paymentId}@${occurrenceAt}`,
    attempt: 1,
    status,
    amount: '5',
    currency: 'USDC',
    startedAt: '2021-03-02T14:00:01.000Z',
    finishedAt: status === 'started' ? null : '2021-03-02T14:00:02.000Z',
    transferId: status === 'succeeded' ? `sim_${id}` : null,
    error: null,
  } as Execution;
}

/** Everything a reader of the view can see. */
function seen(view: JournalView, ids: readonly string[], payments: readonly string[]) {
  return {
    all: view.all(),
    inFlight: view.inFlight(),
    byId: ids.map((id) => view.get(id)),
    successes: ids.map((id) => view.successCount(id)),
    byPayment: payments.map((paymentId) => view.forPayment(paymentId)),
  };
}

describe('JournalView', () => {
  it('warms a slice at a time and then reads exactly as a view that folded everything at once', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('append' as const),
        id: fc.constantFrom('exe_a', 'exe_b', 'exe_c', 'exe_d'),
        paymentId: fc.constantFrom('pay_1', 'pay_2'),
        status: fc.constantFrom(...STATUSES),
      }),
      fc.record({ kind: fc.constant('warm' as const), limit: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const entries: Execution[] = [];
        const warmed = new JournalView({ entries: () => entries });
        let folded = 0;
        for (const next of steps) {
          if (next.kind === 'append') {
            entries.push(line(next.id, next.paymentId, next.status));
          } else {
            // At most `limit` more lines each time; true exactly when none is left.
            folded = Math.min(entries.length, folded + next.limit);
            expect(warmed.warm(next.limit)).toBe(folded === entries.length);
          }
        }
        while (!warmed.warm(2)) {
          // Slices until every line is folded.
        }
        const ids = ['exe_a', 'exe_b', 'exe_c', 'exe_d'];
        const payments = ['pay_1', 'pay_2'];
        const fresh = new JournalView({ entries: () => entries });
        expect(seen(warmed, ids, payments)).toEqual(seen(fresh, ids, payments));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a line written after the warm-up as before', () => {
    const entries = [
      line('exe_a', 'pay_1', 'started'),
      line('exe_b', 'pay_1', 'started'),
      line('exe_a', 'pay_1', 'succeeded'),
    ];
    const view = new JournalView({ entries: () => entries });
    expect(view.warm(2)).toBe(false);
    expect(view.warm(2)).toBe(true);
    expect(view.warm(2)).toBe(true);
    expect(view.get('exe_a')?.status).toBe('succeeded');
    expect(view.inFlight().map((execution) => execution.id)).toEqual(['exe_b']);
    entries.push(line('exe_b', 'pay_1', 'failed'));
    // A line written after the warm-up is folded by the next read, as before.
    expect(view.inFlight()).toEqual([]);
  });
});
