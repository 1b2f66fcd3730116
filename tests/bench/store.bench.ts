import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { paymentSchema, type Payment } from '../../shared/schemas/payment';
import { systemClock } from '../../electron/core/clock';
import { JsonDocument, JsonLinesLog, writeFileAtomic } from '../../electron/core/store';
import { samplePayment } from '../support/dataFolder';

/**
 * What durability costs: the store's atomic, validated writes and loads of a payment
 * ledger, and its fsync'd appends, each next to the plain unsafe call on the same bytes.
 * Figures only; the folder's disk decides most of them.
 */
export async function runStoreBench(): Promise<void> {
  const dir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'arcflux-bench-'));
  try {
    console.log(`folder ${dir} (set BENCH_DIR to measure another disk)`);
    const rows: Row[] = [];
    for (const size of [10_000, 100_000]) rows.push(...(await ledgerRows(dir, size)));
    rows.push(...(await appendRows(dir)));
    printTable(rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Row {
  label: string;
  store: string;
  plain: string;
  /** How many times slower (or fewer per second) the store is than the plain call. */
  ratio: number;
}

async function ledgerRows(dir: string, size: number): Promise<Row[]> {
  const payments = buildLedger(size);
  const spec = {
    file: `ledger_${size}.json`,
    version: 1,
    schema: z.array(paymentSchema),
    initial: (): Payment[] => [],
  };
  const path = join(dir, spec.file);
  const plainPath = join(dir, `plain_${size}.json`);
  // Whole-document runs take seconds at 100k; one is enough to read the order of magnitude.
  const heavyRuns = size >= 100_000 ? 1 : 5;
  const document = await JsonDocument.open(dir, spec, systemClock);

  const write = await medianMs(heavyRuns, () => document.write(payments));
  const bytes = await readFile(path);
  const atomic = await medianMs(5, () => writeFileAtomic(path, bytes));
  const plainWrite = await medianMs(5, () => writeFileSync(plainPath, bytes));
  const validate = await medianMs(heavyRuns, () => spec.schema.parse(payments));
  const load = await medianMs(heavyRuns, () => JsonDocument.open(dir, spec, systemClock));
  const plainLoad = await medianMs(5, () => JSON.parse(readFileSync(path, 'utf8')));

  const name = `${size / 1000}k ledger (${(bytes.length / 1e6).toFixed(0)} MB)`;
  return [
    msRow(`${name} write: validate+encode+atomic`, write, plainWrite),
    msRow(`${name} write: atomic bytes only`, atomic, plainWrite),
    msRow(`${name} schema validation alone`, validate, plainWrite),
    msRow(`${name} load: read+parse+validate`, load, plainLoad),
  ];
}

async function appendRows(dir: string): Promise<Row[]> {
  const records = buildLedger(5_000);
  const lines = records.map((record) => `${JSON.stringify({ v: 1, data: record })}\n`);
  const spec = { version: 1, schema: paymentSchema };
  const plainPath = join(dir, 'plain.jsonl');

  const single = await JsonLinesLog.open(dir, { ...spec, file: 'single.jsonl' }, systemClock);
  const singleCount = 300;
  const singleRate = await perSecond(singleCount, async () => {
    for (const record of records.slice(0, singleCount)) await single.append(record);
  });
  const plainSingleRate = await perSecond(records.length, () => {
    for (const line of lines) appendFileSync(plainPath, line);
  });

  const batched = await JsonLinesLog.open(dir, { ...spec, file: 'batched.jsonl' }, systemClock);
  const batches = chunk(records, 100);
  const batchedRate = await perSecond(records.length, async () => {
    for (const batch of batches) await batched.append(batch);
  });
  const batchTexts = chunk(lines, 100).map((batch) => batch.join(''));
  const plainBatchedRate = await perSecond(records.length, () => {
    for (const text of batchTexts) appendFileSync(plainPath, text);
  });

  const racing = await JsonLinesLog.open(dir, { ...spec, file: 'racing.jsonl' }, systemClock);
  const racingCount = 2_000;
  const racingRate = await perSecond(racingCount, async () => {
    await Promise.all(records.slice(0, racingCount).map((record) => racing.append(record)));
  });

  return [
    rateRow('appends, one record each (fsync each)', singleRate, plainSingleRate),
    rateRow('appends, batches of 100', batchedRate, plainBatchedRate),
    rateRow('appends, 2000 racing singles (group commit)', racingRate, plainSingleRate),
  ];
}

/** Payments shaped like the app's: every third one recurring, amounts as decimal strings. */
function buildLedger(size: number): Payment[] {
  const statuses = ['executed', 'scheduled', 'failed', 'cancelled'] as const;
  return Array.from({ length: size }, (_, index) => {
    const createdAt = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
    return samplePayment(`pay_${index}`, {
      amount: `${(index % 5000) + 1}.${String(index % 100).padStart(2, '0')}`,
      recipientId: `user${(index % 6) + 2}`,
      status: statuses[index % statuses.length],
      createdAt,
      updatedAt: createdAt,
      memo: index % 2 === 0 ? `Invoice ${index}` : undefined,
      schedule:
        index % 3 === 0
          ? {
              kind: 'recurring',
              rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
              firstRun: createdAt,
              timezone: 'Europe/Berlin',
            }
          : { kind: 'once', runAt: null },
    });
  });
}

async function medianMs(runs: number, task: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function perSecond(count: number, task: () => unknown): Promise<number> {
  const started = performance.now();
  await task();
  return count / ((performance.now() - started) / 1000);
}

function msRow(label: string, store: number, plain: number): Row {
  return {
    label,
    store: `${store.toFixed(1)} ms`,
    plain: `${plain.toFixed(1)} ms`,
    ratio: store / plain,
  };
}

function rateRow(label: string, store: number, plain: number): Row {
  return { label, store: `${format(store)}/s`, plain: `${format(plain)}/s`, ratio: plain / store };
}

function format(rate: number): string {
  return rate >= 10_000 ? `${Math.round(rate / 1000)}k` : String(Math.round(rate));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((row) => row.label.length));
  console.log(
    `${'case'.padEnd(width)}  ${'store'.padStart(10)}  ${'plain'.padStart(10)}  x slower`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(width)}  ${row.store.padStart(10)}  ${row.plain.padStart(10)}  ${row.ratio.toFixed(1).padStart(8)}`,
    );
  }
  console.log('plain = writeFileSync / JSON.parse(readFileSync) / appendFileSync, no fsync');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runStoreBench();
