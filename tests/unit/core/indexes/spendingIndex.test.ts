import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpendingIndex } from '../../../../electron/core/indexes/spendingIndex';
import { sampleExecution } from '../../../support/querySources';
import { samplePayment } from '../../../support/samples';

// Pure code given its instants; far from today on purpose. Around the spring-forward night
// in New York and a month's end, in zones whose midnights are hours apart.
const MIDNIGHTS = [
  '2031-03-09T05:00:00.000Z', // New York, the night clocks go forward
  '2031-03-31T22:00:00.000Z', // Berlin, April 1st
  '2031-03-31T13:00:00.000Z', // Sydney, April 1st
  '2031-04-01T00:00:00.000Z', // UTC, April 1st
].map((instant) => Date.parse(instant));
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];
const HOUR = 3_600_000;

describe('SpendingIndex', () => {
  it('gives every question the midnight and month of its own zone and instant, however they alternate', () => {
    // Executions an hour apart over three days, so any move of a day or month start shows.
    const payments = [samplePayment('pay_1')];
    const executions = Array.from({ length: 72 }, (_, hour) =>
      sampleExecution('pay_1', {
        id: `exec_${hour}`,
        occurrenceAt: new Date(MIDNIGHTS[0]! - 36 * HOUR + hour * HOUR).toISOString(),
        amount: `${hour + 1}`,
      }),
    );
    // Spread the same hourly runs around the other midnights too.
    for (const [index, midnight] of MIDNIGHTS.slice(1).entries()) {
      for (let hour = 0; hour < 72; hour += 1) {
        executions.push(
          sampleExecution('pay_1', {
            id: `exec_${index}_${hour}`,
            occurrenceAt: new Date(midnight - 36 * HOUR + hour * HOUR).toISOString(),
            amount: `${hour + 1}`,
          }),
        );
      }
    }
    const asked = SpendingIndex.build(payments, executions);
    const now = fc.tuple(
      fc.constantFrom(...MIDNIGHTS),
      fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -30 * HOUR, max: 30 * HOUR })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(now, fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 12 }),
        (questions) => {
          for (const [[midnight, offset], timezone] of questions) {
            const query = {
              userId: 'user1',
              currency: 'USDC' as const,
              now: new Date(midnight + offset),
              timezone,
            };
            // A fresh index has nothing remembered: what a first question gets.
            const fresh = SpendingIndex.build(payments, executions);
            expect(asked.spending(query)).toEqual(fresh.spending(query));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('SpendingIndex.deferred', () => {
  // Payers, recipients and payments; some executions arrive before their payment's row.
  const payments = Array.from({ length: 6 }, (_, n) =>
    samplePayment(`pay_${n}`, { userId: `user${n % 3}`, recipientId: `user${(n + 1) % 3}` }),
  );
  const line = fc.record({
    payment: fc.integer({ min: 0, max: 6 }),
    execution: fc.integer({ min: 0, max: 9 }),
    status: fc.constantFrom('started', 'succeeded', 'failed', 'skipped'),
    minutes: fc.integer({ min: -90 * 24 * 60, max: 0 }),
    amount: fc.integer({ min: 1, max: 500 }),
  });
  type LineDraw = typeof line extends fc.Arbitrary<infer Drawn> ? Drawn : never;
  const now = Date.parse('2031-03-09T12:00:00.000Z');
  const execution = (drawn: LineDraw) =>
    sampleExecution(`pay_${drawn.payment}`, {
      id: `exec_${drawn.payment}_${drawn.execution}`,
      status: drawn.status as 'started',
      occurrenceAt: new Date(now + drawn.minutes * 60_000).toISOString(),
      amount: `${drawn.amount}`,
    });
  const step = fc.oneof(
    fc.record({ kind: fc.constant('slice' as const) }),
    fc.record({ kind: fc.constant('line' as const), line }),
    fc.record({ kind: fc.constant('payment' as const), payment: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ kind: fc.constant('ask' as const), user: fc.integer({ min: 0, max: 2 }) }),
  );

  it('answers every question, at any point of its build, as an index built at once', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (lines, known, steps, slice) => {
          // The journal array grows while the deferred build runs, as the store's does.
          const journal = lines.map(execution);
          const rows = payments.slice(0, known);
          const settledBefore = new Date(now - 40 * 24 * 3_600_000).toISOString();
          const deferred = SpendingIndex.deferred(rows, journal, settledBefore, slice);
          const eager = SpendingIndex.build(rows, [...journal], settledBefore);
          for (const next of steps) {
            if (next.kind === 'slice') {
              deferred.buildSlice();
            } else if (next.kind === 'line') {
              const added = execution(next.line);
              journal.push(added);
              deferred.noteExecution(added);
              eager.noteExecution(added);
            } else if (next.kind === 'payment') {
              const row = payments[next.payment];
              if (!row) continue;
              deferred.notePayment(row);
              eager.notePayment(row);
            } else {
              const query = {
                userId: `user${next.user}`,
                currency: 'USDC' as const,
                now: new Date(now),
                timezone: 'America/New_York',
                recipientId: `user${(next.user + 1) % 3}`,
              };
              expect(deferred.spending(query)).toEqual(eager.spending(query));
            }
          }
          for (let user = 0; user < 3; user += 1) {
            const query = {
              userId: `user${user}`,
              currency: 'USDC' as const,
              now: new Date(now),
              timezone: 'UTC',
              recipientId: `user${(user + 1) % 3}`,
            };
            expect(deferred.spending(query)).toEqual(eager.spending(query));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports a build that failed on every later use, instead of answering from part of it', () => {
    const broken = sampleExecution('pay_0', { amount: 'not an amount' });
    const index = SpendingIndex.deferred([samplePayment('pay_0')], [broken], '', 1);
    const query = { userId: 'user1', currency: 'USDC' as const, now: new Date(0), timezone: 'UTC' };
    expect(() => index.spending(query)).toThrow();
    expect(() => index.spending(query)).toThrow();
    expect(() => index.noteExecution(sampleExecution('pay_0'))).toThrow();
  });
});
