import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { transferExportInputSchema, transferFilterSchema } from '../../shared/contract/transfers';
import type { Execution } from '../../shared/schemas/execution';
import type { Payment } from '../../shared/schemas/payment';
import { exportTransfers } from '../../electron/core/transfers/exportTransfers';
import { queryTransfers } from '../../electron/core/transfers/queryTransfers';
import { TransferIndex } from '../../electron/core/transfers/transferIndex';
import { samplePayment } from '../support/samples';

const NAMES = ['User Two', 'User Three', 'Carol Bakery', 'Dan Rentals', 'Eve Energy', 'Frank'];

/**
 * The history of transfers at 100k and 1M: first page, filter, search, sort and grouping
 * through the core's index, each beside a plain Array.filter over the same rows in the
 * same run (the floor any query must walk), and the CSV export of 100k rows.
 */
export async function runTransfersBench(): Promise<void> {
  for (const size of [100_000, 1_000_000]) {
    const { payments, entries } = synthetic(size);
    const byId = new Map(payments.map((payment) => [payment.id, payment]));
    const index = new TransferIndex({
      entries: () => entries,
      findPayment: (id) => byId.get(id),
      recipientName: (id) => NAMES[Number(id.slice(4)) % NAMES.length] ?? id,
    });
    const build = time(() => index.sync(), 1);
    console.log(
      `${label(size)} index built from the journal         ${build.toFixed(0)} ms (once per start)`,
    );
    const cases: [string, Record<string, unknown>, (row: Execution) => boolean][] = [
      ['first page, newest first', {}, () => true],
      ['filter status=failed', { status: 'failed' }, (row) => row.status === 'failed'],
      [
        'filter currency+dates',
        { currency: 'EURC', from: '2021-02-01T00:00:00.000Z', to: '2021-03-01T00:00:00.000Z' },
        (row) =>
          row.currency === 'EURC' &&
          row.occurrenceAt >= '2021-02-01T00:00:00.000Z' &&
          row.occurrenceAt < '2021-03-01T00:00:00.000Z',
      ],
      [
        'search "bakery"',
        { q: 'bakery' },
        (row) => `${row.paymentId} ${row.transferId ?? ''}`.toLowerCase().includes('bakery'),
      ],
      [
        'search transaction id',
        { q: 'tx_77777' },
        (row) => (row.transferId ?? '').includes('tx_77777'),
      ],
      ['sort by amount', { sort: '-amount' }, () => true],
      ['sort by recipient', { sort: 'recipient' }, () => true],
      ['group by payment', { groupBy: 'payment' }, () => true],
    ];
    for (const [name, filter, plain] of cases) {
      const parsed = transferFilterSchema.parse({ userId: 'user1', ...filter });
      // The first run of a sort builds its order; later runs (what a user meets) reuse it.
      const first = time(() => queryTransfers(index, parsed, () => payments), 1);
      const warm = time(() => queryTransfers(index, parsed, () => payments), 5);
      const floor = time(() => entries.filter(plain), 5);
      console.log(
        `${label(size)} ${name.padEnd(26)} ${warm.toFixed(1).padStart(7)} ms/query (first ${first.toFixed(0)} ms)  Array.filter ${floor.toFixed(1).padStart(6)} ms  ratio ${(warm / floor).toFixed(2)}x`,
      );
    }
    // A tick's new journal line: the index takes it in and answers the next query.
    const appended = time(() => {
      const last = entries[entries.length - 1] as Execution;
      entries.push({ ...last, id: `exec_extra_${entries.length}` });
      queryTransfers(
        index,
        transferFilterSchema.parse({ userId: 'user1', sort: '-amount' }),
        () => payments,
      );
    }, 20);
    console.log(`${label(size)} one new journal line + sorted query  ${appended.toFixed(1)} ms`);
    if (size === 100_000) {
      const exported = performance.now();
      const output = exportTransfers(index, transferExportInputSchema.parse({ userId: 'user1' }), {
        timeZone: 'Europe/Berlin',
        day: '2021-06-01',
        userName: () => 'User One',
      });
      let bytes = 0;
      for await (const chunk of output.chunks) bytes += chunk.text.length;
      console.log(
        `${label(size)} CSV export of ${output.total} rows           ${(performance.now() - exported).toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB)`,
      );
    }
  }
}

/** `size` transfers over size/10 payments: weekly runs, 1 in 20 failed, two currencies. */
function synthetic(size: number): { payments: Payment[]; entries: Execution[] } {
  const paymentCount = Math.max(1, Math.floor(size / 10));
  const payments = Array.from({ length: paymentCount }, (_, index) =>
    samplePayment(`pay_${index}`, {
      recipientId: `user${index % NAMES.length}`,
      amount: `${(index % 5000) + 1}.${index % 100}`,
      currency: index % 3 === 0 ? 'EURC' : 'USDC',
      memo: `memo ${index}`,
      createdAt: '2021-01-01T00:00:00.000Z',
    }),
  );
  const start = Date.UTC(2021, 0, 1);
  const entries: Execution[] = [];
  for (let index = 0; index < size; index += 1) {
    const payment = payments[index % paymentCount] as Payment;
    const at = new Date(start + index * 15_000).toISOString();
    const failed = index % 20 === 0;
    entries.push({
      id: `exec_${index}`,
      paymentId: payment.id,
      occurrenceAt: at,
      idempotencyKey: `key_${index}_occurrence`,
      attempt: 1,
      status: failed ? 'failed' : 'succeeded',
      amount: payment.amount,
      currency: payment.currency,
      startedAt: at,
      finishedAt: at,
      transferId: failed ? null : `tx_${index}`,
      error: failed ? 'Not enough funds.' : null,
      ...(failed ? { failure: 'insufficient_funds' as const } : {}),
    });
  }
  return { payments, entries };
}

function time(work: () => unknown, runs: number): number {
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) work();
  return (performance.now() - started) / runs;
}

function label(size: number): string {
  return `${size.toLocaleString('en-US').padStart(9)} transfers`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runTransfersBench();
