import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Execution } from '../../shared/schemas/execution';
import type { PaymentIntent } from '../../shared/schemas/intent';
import type { Payment } from '../../shared/schemas/payment';
import { loadSystemConfig } from '../../electron/core/config/systemConfig';
import { SimulatedConnector } from '../../electron/core/connectors/simulated/simulatedConnector';
import { executionIdFor, occurrenceKey } from '../../electron/core/execution/idempotency';
import { JournalView } from '../../electron/core/execution/journalView';
import { GuardianAgent } from '../../electron/core/guardian/guardianAgent';
import { LedgerIndexes } from '../../electron/core/indexes/ledgerIndexes';
import { FORECAST_RUNS_PER_PAYMENT, upcomingRuns } from '../../electron/core/monitor/forecast';
import { BalancesRepository } from '../../electron/core/repositories/balances';
import { openLedger } from '../../electron/core/repositories/ledger';
import { UsersRepository } from '../../electron/core/repositories/users';
import { repositoryRoot, samplePayment } from '../support/dataFolder';
import { ManualClock } from '../support/manualClock';
import { PartiesCache, summarizeSpending } from '../support/spendingOracle';
import { NOW, time, writeLedger } from './moneyPath.bench';

const SIZES = [1_000, 10_000, 100_000];
/** Live schedules stay few as history grows, as a person's do: the ledger is what grows. */
const LIVE_SCHEDULES = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One Guardian decision (features, rules, score; no parse, no write) over 1k, 10k and
 * 100k payments, each with its transfer in the journal spread over the year before the
 * clock, so the day, month, 24-hour and 30-day windows fill in proportion. Printed as
 * ratios to the 1k figure of the same run, next to what the full scans the indexes
 * replaced (the journal fold and the ledger walk) cost per decision at each size.
 */
export async function runGuardianIndexesBench(): Promise<void> {
  const base = process.env.BENCH_DIR ?? tmpdir();
  const rows: { size: number; once: number; weekly: number; scans: number; build: number }[] = [];
  for (const size of SIZES) rows.push(await measure(base, size));
  const first = rows[0];
  if (!first) return;
  const ratio = (value: number, anchor: number) => `${(value / anchor).toFixed(2)}x`;
  for (const row of rows) {
    console.log(
      `${String(row.size).padStart(7)} payments  Guardian decision p50: one-off ${row.once.toFixed(2)} ms (${ratio(row.once, first.once)} of 1k), weekly ${row.weekly.toFixed(2)} ms (${ratio(row.weekly, first.weekly)})  |  the scans it no longer does ${row.scans.toFixed(2)} ms (${ratio(row.scans, first.scans)})  |  index build at start ${row.build.toFixed(0)} ms`,
    );
  }
}

async function measure(base: string, size: number) {
  const dir = await mkdtemp(join(base, 'arcflux-bench-indexes-'));
  try {
    writeLedger(dir, ledgerOf(size));
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
    const building = performance.now();
    const indexes = LedgerIndexes.build(payments, journals.executions);
    const build = performance.now() - building;
    const guardian = new GuardianAgent({
      users,
      spending: indexes.spending,
      schedules: indexes.schedules,
      connector,
      balanceOf: (userId, currency) => connector.balance(userId, currency),
      policy: () => config.guardian,
      thresholds: config.guardianRules,
    });
    const decide = (schedule: PaymentIntent['schedule']) => () =>
      guardian.assess({
        request: 'Pay Alice Chen 20 USDC',
        intent: { ...INTENT, schedule },
        userId: 'user1',
        paymentId: 'pay_bench',
        now: new Date(NOW),
      });
    // Untimed first: the 1k figure is the anchor, so it must not carry the JIT's warm-up.
    await time(300, decide({ kind: 'once', runAt: null }));
    const once = await time(300, decide({ kind: 'once', runAt: null }));
    const weekly = await time(
      300,
      decide({
        kind: 'recurring',
        rrule: 'FREQ=WEEKLY;BYDAY=FR',
        firstRun: '2026-11-06T14:00:00.000Z',
        timezone: 'America/New_York',
      }),
    );
    // What a decision cost before the indexes, on top of the rest: the journal folded
    // into spending, and the ledger walked for the schedules' coming runs.
    const view = new JournalView(journals.executions);
    const parties = new PartiesCache((id) => payments.find(id));
    const scans = await time(size >= 100_000 ? 20 : 100, async () => {
      summarizeSpending(view.all(), parties, {
        userId: 'user1',
        currency: 'USDC',
        now: new Date(NOW),
        timezone: 'America/New_York',
        recipientId: 'user3',
      });
      upcomingRuns(payments.list(), {
        userId: 'user1',
        currency: 'USDC',
        until: new Date(Date.parse(NOW) + 7 * DAY_MS).toISOString(),
        perPaymentLimit: FORECAST_RUNS_PER_PAYMENT,
        totalLimit: 2000,
      });
    });
    return { size, once: once.p50, weekly: weekly.p50, scans: scans.p50, build };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const INTENT: PaymentIntent = {
  kind: 'payment',
  amount: '20',
  currency: 'USDC',
  recipient: { text: 'Alice Chen', userId: 'user3' },
  schedule: { kind: 'once', runAt: null },
  problems: [],
};

/**
 * `size` payments: executed one-offs whose transfers (one journal line each, a tenth
 * of them failed) are spread evenly over the year before the clock, some cancelled, and
 * LIVE_SCHEDULES weekly schedules the forecast walks.
 */
function ledgerOf(size: number): { payments: Payment[]; executions: Execution[] } {
  const payments: Payment[] = [];
  const executions: Execution[] = [];
  const spacing = (365 * DAY_MS) / size;
  const liveEvery = Math.floor(size / LIVE_SCHEDULES);
  for (let index = 0; index < size; index += 1) {
    const at = new Date(Date.parse(NOW) - (size - index) * spacing).toISOString();
    const live = index % liveEvery === 0;
    const payment = samplePayment(`pay_${index}`, {
      amount: `${(index % 400) + 1}.${index % 100}`,
      recipientId: `user${(index % 6) + 2}`,
      status: live ? 'scheduled' : index % 10 === 5 ? 'cancelled' : 'executed',
      createdAt: at,
      updatedAt: at,
      ...(live
        ? {
            schedule: {
              kind: 'recurring',
              rrule: 'FREQ=WEEKLY;BYDAY=MO',
              firstRun: '2026-11-09T14:00:00.000Z',
              timezone: 'America/New_York',
            },
            nextRunAt: '2026-11-09T14:00:00.000Z',
          }
        : {}),
    });
    payments.push(payment);
    if (payment.status !== 'executed') continue;
    const key = occurrenceKey(payment.id, at);
    const failed = index % 10 === 3;
    executions.push({
      id: executionIdFor(key),
      paymentId: payment.id,
      occurrenceAt: at,
      idempotencyKey: key,
      attempt: 1,
      status: failed ? 'failed' : 'succeeded',
      amount: payment.amount,
      currency: payment.currency,
      startedAt: at,
      finishedAt: at,
      transferId: failed ? null : `sim_${index}`,
      error: failed ? 'The connector refused the transfer.' : null,
      ...(failed ? { failure: 'rejected' as const } : {}),
    });
  }
  return { payments, executions };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runGuardianIndexesBench();
}
