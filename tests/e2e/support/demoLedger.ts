import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Payment } from '../../../shared/schemas/payment';

const seedDir = resolve(import.meta.dirname, '../../../data');
const zone = 'America/New_York';

/** A few payments of user1's in different states, for the ledger table to show. */
export const DEMO_PAYMENTS: Payment[] = [
  payment({
    id: 'pay_rent',
    recipientId: 'user3',
    amount: '1200',
    memo: 'Rent',
    schedule: {
      kind: 'recurring',
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      firstRun: '2026-12-01T14:00:00.000Z',
      timezone: zone,
    },
    status: 'scheduled',
    nextRunAt: '2026-12-01T14:00:00.000Z',
    sourceText: 'Pay my landlord 1200 USDC on the 1st of every month',
    createdAt: '2026-11-20T15:04:00.000Z',
  }),
  payment({
    id: 'pay_bakery',
    recipientId: 'user5',
    amount: '42.5',
    currency: 'EURC',
    schedule: { kind: 'once', runAt: null },
    status: 'executed',
    sourceText: 'Send 42.50 EURC to the bakery',
    createdAt: '2026-11-24T13:30:00.000Z',
  }),
  payment({
    id: 'pay_bob',
    recipientId: 'user4',
    amount: '250',
    schedule: { kind: 'once', runAt: '2026-11-26T17:00:00.000Z' },
    status: 'failed',
    sourceText: 'Send Bob 250 tomorrow at noon',
    createdAt: '2026-11-25T19:12:00.000Z',
  }),
  payment({
    id: 'pay_alex',
    recipientId: 'user6',
    amount: '75',
    schedule: {
      kind: 'recurring',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
      firstRun: '2026-11-27T13:30:00.000Z',
      timezone: zone,
    },
    // Held for review: a payment waiting for confirmation without a live proposal would be
    // cancelled by the scheduler's first tick.
    status: 'flagged',
    nextRunAt: null,
    sourceText: 'Pay Alex Kim 75 USDC every other Friday morning',
    createdAt: '2026-11-26T22:45:00.000Z',
  }),
];

/** Fills a data folder with the demo seed plus DEMO_PAYMENTS, as if they had been made. */
export async function writeDemoLedger(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  for (const name of await readdir(seedDir)) {
    if (name.endsWith('.json')) await copyFile(join(seedDir, name), join(dataDir, name));
  }
  await writeFile(
    join(dataDir, 'payment_schedule.json'),
    JSON.stringify({ schemaVersion: 1, data: DEMO_PAYMENTS }, null, 2),
  );
}

function payment(fields: Partial<Payment> & Pick<Payment, 'id' | 'recipientId' | 'amount'>) {
  return {
    userId: 'user1',
    currency: 'USDC',
    schedule: { kind: 'once', runAt: null },
    status: 'scheduled',
    nextRunAt: null,
    timezone: zone,
    missedRunPolicy: 'ask',
    paused: false,
    sourceText: '',
    riskAssessmentId: null,
    createdAt: '2026-11-20T12:00:00.000Z',
    updatedAt: fields.createdAt ?? '2026-11-20T12:00:00.000Z',
    ...fields,
  } satisfies Payment;
}
