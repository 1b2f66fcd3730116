import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { paymentFilterSchema } from '../../shared/contract/payments';
import { queryPayments } from '../../electron/core/ledger/queryPayments';
import { samplePayment } from '../support/dataFolder';

/** Filter, search and sort over 10k and 100k payments, as the ledger view asks for them. */
export async function runLedgerQueryBench(): Promise<void> {
  const statuses = ['executed', 'failed', 'scheduled', 'cancelled'] as const;
  for (const size of [10_000, 100_000]) {
    const payments = Array.from({ length: size }, (_, index) =>
      samplePayment(`pay_${index}`, {
        amount: `${(index % 5000) + 1}.${index % 100}`,
        recipientId: `user${(index % 6) + 2}`,
        status: statuses[index % statuses.length],
        createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
      }),
    );
    const cases: [string, Record<string, unknown>][] = [
      ['first page, newest first', {}],
      ['status filter', { status: 'failed' }],
      ['text search', { q: 'carol' }],
      ['sort by amount', { sort: '-amount' }],
    ];
    for (const [label, filter] of cases) {
      const parsed = paymentFilterSchema.parse(filter);
      const runs = 5;
      const started = performance.now();
      for (let run = 0; run < runs; run += 1) queryPayments(payments, parsed, (id) => id);
      const perQuery = (performance.now() - started) / runs;
      console.log(
        `${String(size).padStart(7)} payments  ${label.padEnd(26)} ${perQuery.toFixed(1)} ms/query`,
      );
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLedgerQueryBench();
