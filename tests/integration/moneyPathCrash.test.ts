import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readLedgerFiles } from '../support/ledgerFiles';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/createCore';
import { executionIdFor } from '../../electron/core/execution/idempotency';
import { fromMinorUnits, toMinorUnits } from '../../shared/money';
import {
  repositoryRoot,
  sampleAssessment,
  samplePayment,
  seededDataFolder,
} from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';

/**
 * Real crashes: a child process runs scheduler ticks over 150 schedules that each fall
 * due every minute, and is SIGKILLed at a random moment; the next child starts a minute
 * later from whatever the disk holds, again and again. At the end no occurrence was paid
 * twice, every transfer made is in the journal, and every occurrence is paid or held.
 */
const SCHEDULES = 150;
const KILLS = 15;
const FIRST_RUN = '2026-11-02T14:01:00.000Z';
const payments = Array.from({ length: SCHEDULES }, (_, index) =>
  samplePayment(`pay_crash_${index}`, {
    // Small enough that no number of kills and restarts runs the balance dry.
    amount: '0.01',
    recipientId: index % 2 === 0 ? 'user2' : 'user3',
    status: 'scheduled',
    schedule: {
      kind: 'recurring',
      rrule: 'FREQ=MINUTELY',
      firstRun: FIRST_RUN,
      timezone: 'America/New_York',
    },
    nextRunAt: FIRST_RUN,
  }),
);
const folder = seededDataFolder({
  payments,
  assessments: payments.map((payment) => sampleAssessment(payment.id)),
});
afterAll(() => folder.remove());

describe('money path under SIGKILL', () => {
  it(`pays each occurrence of ${SCHEDULES} schedules at most once across ${KILLS} kills mid-tick`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
    console.log(`money crash test seed ${seed} (rerun with CRASH_SEED=${seed})`);
    let state = seed;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const landed: string[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const before = journalState(folder.path);
      await runUntilKilled(folder.path, Math.floor(random() * 1500));
      landed.push(phaseAtKill(folder.path, before));
    }
    console.log(
      `where each kill landed (new journal lines/left started/ledger rows behind): ${landed.join(', ')}`,
    );
    const end = journalState(folder.path).lastOccurrence ?? FIRST_RUN;
    const tickAt = new Date(Date.parse(end) + 60_000).toISOString();
    const core = await openCore({
      dataDir: folder.path,
      owner: 'the crash test checker',
      clock: new ManualClock(tickAt),
      log: () => undefined,
    });
    try {
      for (let tick = 0; tick < 3; tick += 1) await core.invoke('scheduler:tick', {});
      const transfers = lines(join(folder.path, 'simulated_network.jsonl')).filter(
        (entry) => entry.kind === 'transfer',
      );
      const keys = transfers.map((entry) => entry.key);
      expect(new Set(keys).size).toBe(keys.length);
      const journal = readLedgerFiles(folder.path).executions;
      const successes = journal.filter((line) => line.status === 'succeeded');
      const succeeded = new Set(successes.map((line) => line.id));
      expect(succeeded.size).toBe(successes.length);
      for (const key of keys) expect(succeeded.has(executionIdFor(key))).toBe(true);
      const report = await core.invoke('system:validate', {});
      expect(report.ok && report.data.problems).toEqual([]);
      // Every minute's occurrence of every schedule was paid or is held for the user.
      const list = await core.invoke('payments:list', { limit: 1000 });
      if (!list.ok) throw new Error(list.error.message);
      let held = 0;
      for (const payment of list.data.items) {
        const missed = new Set(payment.missedRuns ?? []);
        held += missed.size;
        for (
          let at = FIRST_RUN;
          at <= tickAt;
          at = new Date(Date.parse(at) + 60_000).toISOString()
        ) {
          const paid = succeeded.has(executionIdFor(`${payment.id}@${at}`));
          expect(paid || missed.has(at)).toBe(true);
        }
      }
      console.log(`${keys.length} occurrences paid once each, ${held} held as missed`);
      const balance = await core.invoke('balance:get', { userId: 'user1' });
      const left = balance.ok && balance.data.balances.find((entry) => entry.currency === 'USDC');
      expect(left && left.amount).toBe(
        fromMinorUnits(toMinorUnits('5000') - BigInt(keys.length) * 10_000n),
      );
    } finally {
      await core.close();
    }
  });
});

/** Starts the child and SIGKILLs it `afterReadyMs` after start-up. */
async function runUntilKilled(dataDir: string, afterReadyMs: number): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repositoryRoot, 'tests/support/moneyCrashChild.ts'),
      dataDir,
      FIRST_RUN,
    ],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    output.on('line', (line) => {
      if (line === 'ready') setTimeout(resolve, afterReadyMs);
      if (line.startsWith('error')) reject(new Error(line));
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) early: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
}

function journalState(dataDir: string) {
  const entries = readLedgerFiles(dataDir).executions;
  return {
    lines: entries.length,
    lastOccurrence: entries.at(-1)?.occurrenceAt as string | undefined,
  };
}

/**
 * What the disk says the killed child had done since `before`: journal lines added,
 * occurrences left `started` (in doubt), and ledger rows still behind the journal.
 */
function phaseAtKill(dataDir: string, before: { lines: number }): string {
  const disk = readLedgerFiles(dataDir);
  const entries = disk.executions;
  const latest = new Map(entries.map((line) => [line.id, line]));
  const started = [...latest.values()].filter((line) => line.status === 'started').length;
  const last = entries.at(-1)?.occurrenceAt ?? '';
  const behind = disk.payments.filter(
    (row) => row.nextRunAt !== null && row.nextRunAt <= last,
  ).length;
  return `${entries.length - before.lines}/${started}/${behind}`;
}

function lines(path: string): any[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).data);
}
