import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { openCore } from '../../electron/core/createCore';
import type { LedgerChange } from '../../electron/core/store/ledgerRecords';
import { PostgresLedgerStore } from '../../electron/core/store/postgres/postgresLedgerStore';
import { repositoryRoot, samplePayment, seedDir } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';
import {
  postgresUnavailable,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../support/postgres';
import { median } from './figures';

/**
 * Issue 16's figures, on a throwaway PostgreSQL cluster (unix socket, this machine, fsync on):
 * - the whole command (commands:run through a core on the household store) against a
 *   bare INSERT round trip of the same rows, one statement committed on its own: its
 *   ledger rows alone, and with its audit record (every row the command commits);
 * - 10k due occurrences paid by one executor, then by three executor processes sharing
 *   the database: each paid once (checked in the database), and the throughput of each.
 * ARCFLUX_BENCH_SCALE=small pays 2k instead. Figures only: nothing asserts on time.
 */
export async function runHouseholdBench(): Promise<void> {
  const unavailable = postgresUnavailable();
  if (unavailable) {
    console.log(unavailable);
    return;
  }
  // Durable, as a household's server is: every commit waits for its WAL to reach the disk.
  const cluster = await startThrowawayPostgres({ durable: true });
  try {
    await commandLatency(cluster);
    const due = process.env.ARCFLUX_BENCH_SCALE === 'small' ? 2_000 : 10_000;
    const one = await executors(cluster, due, 1);
    const three = await executors(cluster, due, 3);
    console.log(
      `${due} due occurrences: 3 executors ${rate(three)} vs 1 executor ${rate(one)}: throughput ratio ${(one / three).toFixed(2)}x`,
    );
  } finally {
    await cluster.stop();
  }
}

// The clock the commands and ticks run at; relative to today so nothing is stale.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

/** A system config naming the database by `env:ARCFLUX_DATABASE_URL`, as a household's does. */
function householdConfig(folder: string): string {
  const config = JSON.parse(readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'));
  config.store = { kind: 'postgres', url: 'env:ARCFLUX_DATABASE_URL' };
  const path = join(folder, 'household_config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** A core on the household database, with its own data folder. */
function openBenchCore(url: string, folder: string) {
  return openCore({
    dataDir: folder,
    owner: 'the household bench',
    configPath: householdConfig(folder),
    seedDir,
    clock: new ManualClock(NOW),
    env: { ARCFLUX_DATABASE_URL: url },
    log: () => undefined,
  });
}

const COLD_COMMANDS = 20;
const WARM_UP_COMMANDS = 180;
const STEADY_COMMANDS = 101;

/**
 * Each steady command is followed by the anchor, a bare INSERT of the rows it committed,
 * so the two are timed side by side under the same load (the disk's flush time on a
 * shared machine changes from one second to the next).
 */
async function commandLatency(cluster: ThrowawayPostgres): Promise<void> {
  const url = await cluster.createDatabase('bench_commands');
  const folder = await mkdtemp(join(tmpdir(), 'arcflux-bench-household-'));
  const client = new pg.Client({ connectionString: url });
  try {
    const core = await openBenchCore(url, folder);
    await client.connect();
    await client.query('CREATE TABLE bench_rows (kind text, id text, data jsonb)');
    const timings: number[] = [];
    const inserts: number[] = [];
    const withAudit: number[] = [];
    let rows: InsertedRow[] = [];
    try {
      for (let run = 0; run < COLD_COMMANDS + WARM_UP_COMMANDS + STEADY_COMMANDS; run += 1) {
        const started = performance.now();
        const result = await core.invoke('commands:run', { text: 'Pay User Two 20 USDC' });
        timings.push(performance.now() - started);
        if (!result.ok) throw new Error(result.error.message);
        if (run < COLD_COMMANDS + WARM_UP_COMMANDS) continue;
        const committed = await lastCommit(client);
        rows = committed.changes;
        inserts.push(await insertLatency(client, committed.changes));
        withAudit.push(
          await insertLatency(client, [
            ...committed.changes,
            { kind: 'audit', data: committed.body },
          ]),
        );
      }
    } finally {
      await core.close();
    }
    const insert = median(inserts);
    const insertWithAudit = median(withAudit);
    const command = median(timings.slice(-STEADY_COMMANDS));
    const cold = median(timings.slice(0, COLD_COMMANDS));
    console.log(
      `PostgreSQL: whole command p50 ${ms(command)} (first ${COLD_COMMANDS} ${ms(cold)}); bare INSERTs, one round trip each, right after each command: of its ${rows.length} ledger rows p50 ${ms(insert)}, ratio ${(command / insert).toFixed(2)}x; of those rows and its audit record (every row the command commits) p50 ${ms(insertWithAudit)}, ratio ${(command / insertWithAudit).toFixed(2)}x (first ${COLD_COMMANDS}: ${(cold / insertWithAudit).toFixed(2)}x; target at most 3x)`,
    );
  } finally {
    await client.end();
    await rm(folder, { recursive: true, force: true });
  }
}

/** A row of the anchor INSERT: a ledger change, or the audit record itself. */
type InsertedRow = LedgerChange | { kind: 'audit'; data: unknown };

/** What the last command committed: its audit record's body, and the changes in it. */
async function lastCommit(
  client: pg.Client,
): Promise<{ body: { changes: LedgerChange[] }; changes: LedgerChange[] }> {
  const { rows } = await client.query<{ body: { changes: LedgerChange[] } }>(
    'SELECT body FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const body = rows[0]?.body;
  if (!body || body.changes.length === 0) throw new Error('the command left no audit record');
  return { body, changes: body.changes };
}

/**
 * The anchor: one INSERT of the same rows (kind, id, data) into one table without
 * indexes, committed on its own.
 */
async function insertLatency(client: pg.Client, rows: InsertedRow[]): Promise<number> {
  const started = performance.now();
  await client.query(
    `INSERT INTO bench_rows (kind, id, data)
       SELECT kind, data->>'id', data FROM jsonb_to_recordset($1::jsonb) AS r(kind text, data jsonb)`,
    [JSON.stringify(rows)],
  );
  return performance.now() - started;
}

/**
 * Seeds `due` one-off payments due now, starts `count` executor processes on the database,
 * lets them tick at once until nothing is left, checks each occurrence was paid once, and
 * returns the wall time in milliseconds from "go" until the last one finished.
 */
async function executors(cluster: ThrowawayPostgres, due: number, count: number) {
  const url = await cluster.createDatabase(`bench_executors_${count}`);
  await seedHousehold(url);
  const store = await PostgresLedgerStore.open(url, new ManualClock(NOW), { log: () => undefined });
  try {
    const at = new Date(NOW.getTime() - 1_000).toISOString();
    const payments: LedgerChange[] = Array.from({ length: due }, (_, index) => ({
      kind: 'payment',
      data: samplePayment(`pay_due_${index}`, {
        amount: '0.01',
        recipientId: index % 2 === 0 ? 'user2' : 'user3',
        status: 'scheduled',
        schedule: { kind: 'once', runAt: at },
        nextRunAt: at,
      }),
    }));
    for (let from = 0; from < payments.length; from += 2_000) {
      await store.commit(payments.slice(from, from + 2_000));
    }
  } finally {
    await store.close();
  }
  const folders = await Promise.all(
    Array.from({ length: count }, () => mkdtemp(join(tmpdir(), 'arcflux-bench-executor-'))),
  );
  try {
    const children = folders.map((folder) => startExecutor(url, folder));
    await Promise.all(children.map((child) => child.ready));
    const started = performance.now();
    for (const child of children) child.go();
    const reports = await Promise.all(children.map((child) => child.done));
    const wall = performance.now() - started;
    const executed = reports.reduce((sum, report) => sum + report.executed, 0);
    await checkPaidOnce(url, due);
    console.log(
      `${count} executor${count === 1 ? '' : 's'}: ${executed} of ${due} executed (${reports.map((report) => report.executed).join(' + ')}), each paid once, in ${(wall / 1000).toFixed(2)} s`,
    );
    return wall / due;
  } finally {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

/** Opens a core on the empty database once, so it is migrated and holds the demo household. */
async function seedHousehold(url: string): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'arcflux-bench-household-'));
  try {
    const core = await openBenchCore(url, folder);
    await core.close();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface ExecutorReport {
  executed: number;
  failed: number;
  ticks: number;
}

const childScript = resolve(import.meta.dirname, 'householdExecutorChild.ts');

function startExecutor(url: string, folder: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, householdConfig(folder), folder, NOW.toISOString()],
    {
      cwd: repositoryRoot,
      env: { ...process.env, ARCFLUX_DATABASE_URL: url },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  let report: ExecutorReport | undefined;
  const ready = new Promise<void>((resolveReady) =>
    lines.on('line', (line) => {
      if (line === 'ready') resolveReady();
      else if (line.startsWith('{')) report = JSON.parse(line) as ExecutorReport;
    }),
  );
  const done = new Promise<ExecutorReport>((resolveDone, reject) =>
    child.once('close', (code) =>
      code === 0 && report ? resolveDone(report) : reject(new Error(`an executor exited ${code}`)),
    ),
  );
  return { ready, done, go: () => child.stdin.write('go\n') };
}

/** Every occurrence has exactly one `started` and one `succeeded` line, and nothing else. */
async function checkPaidOnce(url: string, due: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; lines: string; occurrences: string }>(
      `SELECT status, count(*) AS lines, count(DISTINCT (payment_id, occurrence_at)) AS occurrences
         FROM executions WHERE payment_id LIKE 'pay_due_%' GROUP BY status`,
    );
    const by = new Map(rows.map((row) => [row.status, row]));
    for (const status of ['started', 'succeeded']) {
      const row = by.get(status);
      if (Number(row?.lines) !== due || Number(row?.occurrences) !== due) {
        throw new Error(
          `expected ${due} ${status} lines for ${due} occurrences, found ${JSON.stringify(rows)}`,
        );
      }
    }
    if (rows.length !== 2) throw new Error(`unexpected journal lines: ${JSON.stringify(rows)}`);
  } finally {
    await client.end();
  }
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function rate(msPerOccurrence: number): string {
  return `${(1000 / msPerOccurrence).toFixed(0)} occurrences/s`;
}
