import { cpSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Execution } from '../../shared/schemas/execution';
import type { Payment } from '../../shared/schemas/payment';
import { loadSystemConfig } from '../../electron/core/config/systemConfig';
import { SimulatedConnector } from '../../electron/core/connectors/simulated/simulatedConnector';
import { openCore, type Core } from '../../electron/core/createCore';
import { executionIdFor, occurrenceKey } from '../../electron/core/execution/idempotency';
import { GuardianAgent } from '../../electron/core/guardian/guardianAgent';
import { LedgerIndexes } from '../../electron/core/indexes/ledgerIndexes';
import { BalancesRepository } from '../../electron/core/repositories/balances';
import { openLedger } from '../../electron/core/repositories/ledger';
import { UsersRepository } from '../../electron/core/repositories/users';
import { repositoryRoot, sampleAssessment, samplePayment, seedDir } from '../support/dataFolder';
import { countSyncs } from '../support/fsyncCounter';
import { ManualClock } from '../support/manualClock';

/**
 * The money path's costs on a big ledger: how long a command takes to reach the
 * Guardian's decision with 10k and 100k payments on file, and what one tick with 10k due
 * occurrences costs in wall time and in fsyncs per executed payment (group commit keeps
 * that far below one). Figures only; the folder's disk decides most of them.
 */
export async function runMoneyPathBench(): Promise<void> {
  const base = process.env.BENCH_DIR ?? tmpdir();
  console.log(`folder ${base} (set BENCH_DIR to measure another disk)`);
  for (const size of [10_000, 100_000]) await commandLatency(base, size);
  await tickCost(base, 10_000);
}

export const NOW = '2026-11-02T14:00:00.000Z';

async function commandLatency(base: string, size: number): Promise<void> {
  const dir = await mkdtemp(join(base, 'arcflux-bench-money-'));
  try {
    writeLedger(dir, historicLedger(size));
    const guardian = await openGuardian(dir);
    const decision = await time(size >= 100_000 ? 50 : 200, () =>
      guardian.assess({
        request: 'Pay Alice Chen 20 USDC',
        intent: {
          kind: 'payment',
          amount: '20',
          currency: 'USDC',
          recipient: { text: 'Alice Chen', userId: 'user3' },
          schedule: { kind: 'once', runAt: null },
          problems: [],
        },
        userId: 'user1',
        paymentId: 'pay_bench',
        now: new Date(NOW),
      }),
    );
    const core = await openBenchCore(dir);
    try {
      // The whole command: parse, decide, then the risk record, the payment row and the
      // proposal committed together as one ledger record with one fsync.
      const command = await time(size >= 100_000 ? 5 : 20, async () => {
        const result = await core.invoke('commands:run', { text: 'Pay Bob 20 USDC' });
        if (!result.ok) throw new Error(result.error.message);
      });
      console.log(
        `${String(size).padStart(7)} payments  Guardian decision (no parse, no write)  p50 ${decision.p50.toFixed(1)} ms  p99 ${decision.p99.toFixed(1)} ms`,
      );
      console.log(
        `${String(size).padStart(7)} payments  whole command (parse, decide, save)   p50 ${command.p50.toFixed(1)} ms  p99 ${command.p99.toFixed(1)} ms  (one ledger record, one fsync)`,
      );
    } finally {
      await core.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Guardian over the folder's repositories, as the core wires it, without the doors. */
async function openGuardian(dir: string): Promise<GuardianAgent> {
  const clock = new ManualClock(NOW);
  const [users, { payments, journals }, balances] = await Promise.all([
    UsersRepository.open(dir, clock),
    openLedger(dir, clock),
    BalancesRepository.open(dir, clock),
  ]);
  const connector = await SimulatedConnector.open({
    dataDir: dir,
    clock,
    balances,
    isKnownUser: (id) => users.find(id) !== undefined,
  });
  const config = await loadSystemConfig(join(repositoryRoot, 'system_config.json'));
  const indexes = LedgerIndexes.build(payments, journals.executions);
  return new GuardianAgent({
    users,
    spending: indexes.spending,
    schedules: indexes.schedules,
    connector,
    balanceOf: (userId, currency) => connector.balance(userId, currency),
    policy: () => config.guardian,
    thresholds: config.guardianRules,
  });
}

async function tickCost(base: string, due: number): Promise<void> {
  const dir = await mkdtemp(join(base, 'arcflux-bench-money-'));
  try {
    const payments = Array.from({ length: due }, (_, index) =>
      samplePayment(`pay_due_${index}`, {
        amount: '0.1',
        recipientId: index % 2 === 0 ? 'user2' : 'user3',
        status: 'scheduled',
        schedule: { kind: 'once', runAt: NOW },
        nextRunAt: NOW,
      }),
    );
    writeLedger(dir, { payments, executions: [] });
    const core = await openBenchCore(dir);
    try {
      const started = performance.now();
      const { result, syncs } = await countSyncs(() => core.invoke('scheduler:tick', {}));
      const wall = performance.now() - started;
      if (!result.ok) throw new Error(result.error.message);
      const executed = result.data.executed.length;
      console.log(
        `one tick, ${due} due occurrences: ${executed} executed in ${(wall / 1000).toFixed(2)} s (${(wall / Math.max(1, executed)).toFixed(3)} ms each), ${syncs} fsyncs = ${(syncs / Math.max(1, executed)).toFixed(4)} per executed payment`,
      );
    } finally {
      await core.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function openBenchCore(dataDir: string): Promise<Core> {
  return openCore({
    dataDir,
    owner: 'the money-path bench',
    clock: new ManualClock(NOW),
    log: () => undefined,
  });
}

export async function time(runs: number, work: () => Promise<unknown>) {
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    timings.push(performance.now() - started);
  }
  timings.sort((left, right) => left - right);
  const at = (share: number) =>
    timings[Math.min(timings.length - 1, Math.floor(share * timings.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * A ledger of paid history: mostly executed one-offs with their risk records and journal
 * lines, some cancelled, and a few live weekly schedules the forecasts must walk.
 */
function historicLedger(size: number): { payments: Payment[]; executions: Execution[] } {
  const payments: Payment[] = [];
  const executions: Execution[] = [];
  for (let index = 0; index < size; index += 1) {
    const at = new Date(Date.parse('2026-01-01T00:00:00Z') + index * 60_000).toISOString();
    const live = index % 1000 === 0;
    const payment = samplePayment(`pay_${index}`, {
      amount: `${(index % 400) + 1}.${index % 100}`,
      recipientId: `user${(index % 6) + 2}`,
      status: live ? 'scheduled' : index % 10 === 0 ? 'cancelled' : 'executed',
      createdAt: at,
      updatedAt: at,
      ...(live
        ? {
            schedule: {
              kind: 'recurring',
              rrule: 'FREQ=WEEKLY;BYDAY=FR',
              firstRun: '2026-11-06T14:00:00.000Z',
              timezone: 'America/New_York',
            },
            nextRunAt: '2026-11-06T14:00:00.000Z',
          }
        : {}),
    });
    payments.push(payment);
    if (payment.status === 'executed') {
      const key = occurrenceKey(payment.id, at);
      executions.push({
        id: executionIdFor(key),
        paymentId: payment.id,
        occurrenceAt: at,
        idempotencyKey: key,
        attempt: 1,
        status: 'succeeded',
        amount: payment.amount,
        currency: payment.currency,
        startedAt: at,
        finishedAt: at,
        transferId: `sim_${index}`,
        error: null,
      });
    }
  }
  return { payments, executions };
}

export function writeLedger(
  dir: string,
  ledger: { payments: Payment[]; executions: Execution[] },
): void {
  cpSync(seedDir, dir, { recursive: true });
  writeFileSync(
    join(dir, 'payment_schedule.json'),
    `${JSON.stringify({ schemaVersion: 1, data: ledger.payments })}\n`,
  );
  writeFileSync(
    join(dir, 'risk_assessments.jsonl'),
    ledger.payments
      .map((payment) => `${JSON.stringify({ v: 1, data: sampleAssessment(payment.id) })}\n`)
      .join(''),
  );
  writeFileSync(
    join(dir, 'execution_journal.jsonl'),
    ledger.executions.map((execution) => `${JSON.stringify({ v: 1, data: execution })}\n`).join(''),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMoneyPathBench();
