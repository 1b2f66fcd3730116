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
