import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Payment } from '../../../shared/schemas/payment';

const seedDir = resolve(import.meta.dirname, '../../../data');
/** The demo user's zone: the ledger shows times in it. */
export const DEMO_ZONE = 'America/New_York';

/**
 * A few payments of user1's in different states, for the ledger table to show. Every date
 * is placed relative to `now`, the clock the server under test runs on (the same system
 * clock, or the same shifted clock when the suite runs under faketime), so the ledger
 * looks the same on any day: the rent's next run is always ahead, never missed.
 */
export function demoPayments(now: Date): Payment[] {
  const today = DateTime.fromJSDate(now, { zone: DEMO_ZONE }).startOf('day');
  // Wall-clock times in the demo zone; whatever the offset that day, the ledger shows them.
  const at = (daysAgo: number, hour: number, minute: number) =>
    instant(today.minus({ days: daysAgo }).set({ hour, minute }));
  const rentDue = nextFirstOfMonth(now);
  // A Friday at 8:30 two to three weeks back: the start of a fortnightly schedule.
  const aFridayBack = today.minus({ days: ((today.weekday - 5 + 7) % 7) + 14 });
  return [
    payment({
      id: 'pay_rent',
      recipientId: 'user3',
      amount: '1200',
      memo: 'Rent',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
        firstRun: rentDue,
        timezone: DEMO_ZONE,
      },
      status: 'scheduled',
      nextRunAt: rentDue,
      sourceText: 'Pay my landlord 1200 USDC on the 1st of every month',
      createdAt: at(16, 10, 4),
    }),
    payment({
      id: 'pay_bakery',
      recipientId: 'user5',
      amount: '42.5',
      currency: 'EURC',
      schedule: { kind: 'once', runAt: null },
      status: 'executed',
      sourceText: 'Send 42.50 EURC to the bakery',
      createdAt: at(12, 8, 30),
    }),
    payment({
      id: 'pay_bob',
      recipientId: 'user4',
      amount: '250',
      schedule: { kind: 'once', runAt: at(10, 12, 0) },
      status: 'failed',
      sourceText: 'Send Bob 250 tomorrow at noon',
      createdAt: at(11, 14, 12),
    }),
    payment({
      id: 'pay_alex',
      recipientId: 'user6',
      amount: '75',
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
        firstRun: instant(aFridayBack.set({ hour: 8, minute: 30 })),
        timezone: DEMO_ZONE,
      },
      // Held for review: a payment waiting for confirmation without a live proposal would be
      // cancelled by the scheduler's first tick.
      status: 'flagged',
      nextRunAt: null,
      sourceText: 'Pay Alex Kim 75 USDC every other Friday morning',
      createdAt: at(10, 17, 45),
    }),
  ];
}

/**
 * The rent's next run: the 1st of a month at 9:00 in the demo zone, at least a day after
 * `now`, so it never falls due while a test runs (and so stays within Upcoming's five weeks).
 */
function nextFirstOfMonth(now: Date): string {
  const earliest = DateTime.fromJSDate(now, { zone: DEMO_ZONE }).plus({ days: 1 });
  let due = earliest.startOf('month').set({ hour: 9 });
  if (due < earliest) due = due.plus({ months: 1 });
  return instant(due);
}

function instant(time: DateTime): string {
  const iso = time.toUTC().toISO();
  if (!iso) throw new Error(`invalid demo time: ${time.invalidExplanation}`);
  return iso;
}

/**
 * A weekly 30 USDC to Carol's Bakery held with missed runs: three that fell due 3, 10 and
 * 17 days ago, and one "missed" run 4 days ahead, as a clock that ran ahead and came back
 * would leave it. That one is not missed, and must never be offered as such.
 */
export function missedPayment(now: Date): Payment {
  const today = DateTime.fromJSDate(now, { zone: DEMO_ZONE }).startOf('day').set({ hour: 9 });
  const day = (offset: number) => instant(today.plus({ days: offset }));
  return payment({
    id: 'pay_missed',
    recipientId: 'user5',
    amount: '30',
    schedule: {
      kind: 'recurring',
      rrule: 'FREQ=DAILY;INTERVAL=7',
      firstRun: day(-17),
      timezone: DEMO_ZONE,
    },
    status: 'missed',
    nextRunAt: day(11),
    missedRuns: [day(-17), day(-10), day(-3), day(4)],
    sourceText: 'Pay the bakery 30 USDC every week',
    createdAt: day(-18),
  });
}

/** Fills a data folder with the demo seed plus `demoPayments(now)`, as if they had been made. */
export async function writeDemoLedger(
  dataDir: string,
  now = new Date(),
  extra: readonly Payment[] = [],
): Promise<Payment[]> {
  await mkdir(dataDir, { recursive: true });
  for (const name of await readdir(seedDir)) {
    if (name.endsWith('.json')) await copyFile(join(seedDir, name), join(dataDir, name));
  }
  const payments = [...demoPayments(now), ...extra];
  await writeFile(
    join(dataDir, 'payment_schedule.json'),
    JSON.stringify({ schemaVersion: 1, data: payments }, null, 2),
  );
  return payments;
}

function payment(
  fields: Partial<Payment> & Pick<Payment, 'id' | 'recipientId' | 'amount' | 'createdAt'>,
) {
  return {
    userId: 'user1',
    currency: 'USDC',
    schedule: { kind: 'once', runAt: null },
    status: 'scheduled',
    nextRunAt: null,
    timezone: DEMO_ZONE,
    missedRunPolicy: 'ask',
    paused: false,
    sourceText: '',
    riskAssessmentId: null,
    updatedAt: fields.createdAt,
    ...fields,
  } satisfies Payment;
}
