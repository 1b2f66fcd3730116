import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Payment } from '../../shared/schemas/payment';
import { FORECAST_RUNS_PER_PAYMENT, upcomingRuns } from '../../electron/core/monitor/forecast';
import { nextOccurrence } from '../../electron/core/schedule/occurrences';
import { planTick } from '../../electron/core/scheduler/duePlan';
import { samplePayment } from '../support/dataFolder';
import { median } from './figures';

/**
 * What the schedule work of one tick costs for a five-second schedule as it ages: plan
 * the tick from the persisted next run (the due run, the advance to the next), settle
 * (the next run after the one taken) and forecast the next 100 runs. The ages are printed
 * as ratios to the 1-hour figure measured in the same run: a module that walked the
 * RRULE from the first run grew with age (30 days was 200 times 1 hour); one that starts
 * from the next run stays flat. Plain and with COUNT (the runs before carried by
 * arithmetic). Figures only, nothing asserts on time.
 */
export async function runScheduleTickBench(): Promise<void> {
  const ages: [string, number][] = [
    ['1 hour', HOUR],
    ['1 day', 24 * HOUR],
    ['1 week', 7 * 24 * HOUR],
    ['30 days', 30 * 24 * HOUR],
  ];
  for (const rrule of ['FREQ=SECONDLY;INTERVAL=5', 'FREQ=SECONDLY;INTERVAL=5;COUNT=10000000']) {
    const payments = ages.map(([, age]) => paymentAged(rrule, age));
    // Warm up the zone's offsets and the JIT, then measure the ages in turns, so a noisy
    // moment on a shared machine falls on all of them alike.
    for (const payment of payments) for (let run = 0; run < 20; run += 1) tickWork(payment);
    const timings = payments.map((): number[] => []);
    for (let round = 0; round < 150; round += 1) {
      payments.forEach((payment, index) => {
        const started = performance.now();
        tickWork(payment);
        timings[index]?.push(performance.now() - started);
      });
    }
    const figures = ages.map(([label], index) => ({ label, ms: median(timings[index] ?? []) }));
    const base = figures[0]?.ms ?? 1;
    console.log(`5-second schedule (${rrule}), schedule work of one tick:`);
    for (const { label, ms } of figures) {
      console.log(
        `  aged ${label.padEnd(8)} ${ms.toFixed(3).padStart(8)} ms  ${(ms / base).toFixed(2)}x the 1-hour figure`,
      );
    }
  }
}

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-02T14:00:00.000Z');

function paymentAged(rrule: string, age: number): Payment {
  return samplePayment('pay_every_5s', {
    amount: '0.01',
    status: 'scheduled',
    schedule: {
      kind: 'recurring',
      rrule,
      firstRun: new Date(NOW - age).toISOString(),
      timezone: 'America/New_York',
    },
    // The persisted next run: the one that just fell due.
    nextRunAt: new Date(NOW).toISOString(),
  });
}

function tickWork(payment: Payment): void {
  const now = new Date(NOW);
  const plan = planTick([payment], now, 15 * 60_000);
  const advanced = plan.changed.get(payment.id) ?? payment;
  if (plan.due.length !== 1) throw new Error(`expected one due run, got ${plan.due.length}`);
  const [due] = plan.due;
  nextOccurrence(advanced.schedule, due?.occurrenceAt ?? now.toISOString());
  const forecast = upcomingRuns([advanced], {
    userId: advanced.userId,
    currency: advanced.currency,
    until: new Date(NOW + 24 * HOUR).toISOString(),
    perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
  });
  if (forecast.runs.length !== FORECAST_RUNS_PER_PAYMENT) throw new Error('short forecast');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runScheduleTickBench();
