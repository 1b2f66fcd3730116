import type { TickReport } from '../../../shared/contract/scheduler';
import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { GuardianPolicy } from '../../../shared/schemas/settings';
import { toInstant } from '../clock';
import type { PaymentConnector } from '../connectors/connector';
import type { EventBus } from '../events';
import type { ExecutionEngine, Submission } from '../execution/executionEngine';
import type { JournalView } from '../execution/journalView';
import type { BalanceMonitor } from '../monitor/balanceMonitor';
import type { NotificationService } from '../notifications/notificationService';
import type { Ledger } from '../indexes/ledgerIndexes';
import type { SpendingIndex } from '../indexes/spendingIndex';
import type { UsersRepository } from '../repositories/users';
import { executionIdFor, occurrenceKey } from '../execution/idempotency';
import { skippedLines } from '../execution/skippedRuns';
import { planTick } from './duePlan';
import { tickNotifications } from './tickNotifications';
import { preflight } from './preflight';
import { settlePayment } from './settle';

export interface PaymentSchedulerOptions {
  payments: Ledger;
  /** Spending so far, for the re-check of the day's and month's limits. */
  spending: Pick<SpendingIndex, 'spending'>;
  users: UsersRepository;
  view: JournalView;
  engine: ExecutionEngine;
  connector: PaymentConnector;
  monitor: BalanceMonitor;
  notifications: NotificationService;
  events: EventBus;
  policy: () => GuardianPolicy;
  missedAfterMs: number;
  /** Proposals past their expiry are closed first; returns the payments it cancelled. */
  expireProposals: (now: Date) => Promise<Payment[]>;
  /** Users whose balances every tick reads, besides this tick's payers. */
  watchedUsers: () => string[];
  /** Test seam: called after the results are journaled, before the ledger is saved. */
  pause?: (point: 'before_settle') => Promise<void>;
  /** Where a payment the tick had to leave alone is reported. */
  log: (line: string) => void;
  /** Reads what other executors committed, before a tick plans on it. */
  catchUp?: () => Promise<void>;
}

/**
 * One tick of the money path, at an injected instant: close expired proposals, bring the
 * ledger up to date with the journal, resubmit what a crash left `started`, find what is
 * due or missed, re-check balances and limits, execute, then save every changed row in
 * one write and tell the user. The caller runs ticks one at a time with the other
 * money-path writes.
 */
export class PaymentScheduler {
  constructor(private readonly options: PaymentSchedulerOptions) {}

  async runTick(now: Date): Promise<TickReport> {
    const { payments, view, engine, users, events, notifications, monitor } = this.options;
    const nowText = toInstant(now);
    await this.options.catchUp?.();
    const expired = await this.options.expireProposals(now);
    const changed = new Map<string, Payment>();
    // Finished rows with nothing left to run are left out: settle and plan would leave
    // them as they are, and a long history must not slow every tick down.
    const rows = payments.open().map((payment) => {
      const settled = this.#settle(payment, nowText);
      if (settled !== payment) changed.set(payment.id, settled);
      return settled;
    });
    const plan = planTick(rows, now, this.options.missedAfterMs);
    for (const { paymentId, error } of plan.broken) {
      this.options.log(
        `arcflux: payment ${paymentId} was left alone by this tick: ${describe(error)}`,
      );
    }
    for (const [id, row] of plan.changed) changed.set(id, { ...row, updatedAt: nowText });
    const rowOf = (id: string) => changed.get(id) ?? payments.find(id);
    const recovering: Submission[] = view.inFlight().flatMap((execution) => {
      const payment = rowOf(execution.paymentId);
      return payment ? [{ payment, occurrenceAt: execution.occurrenceAt }] : [];
    });
    const { accepted, refused } = await this.checkBatch(plan.due, now);
    // Runs the `skip` policy dropped are journaled with the batch's started lines, so
    // they are known before any money moves and no later tick can pay them.
    const skipped = plan.skipped.flatMap(({ payment, occurrences }) =>
      skippedLines(payment, occurrences, 'policy', { view, at: nowText }),
    );
    const finished = await engine.run([...recovering, ...accepted], refused, skipped);
    for (const paymentId of unclaimed([...accepted, ...refused], skipped, finished, view)) {
      changed.delete(paymentId);
    }
    await this.options.pause?.('before_settle');
    const saved = await this.#saveSettled(changed, finished, nowText);
    for (const execution of finished) {
      const payment = rowOf(execution.paymentId);
      if (execution.status === 'succeeded' && payment) {
        monitor.notePaidOut(payment.userId, execution.currency, execution.amount);
      }
    }
    for (const payment of [...expired, ...saved]) events.emit('payment:changed', { payment });
    const report = toReport(nowText, finished, plan.held);
    await notifications.notify(tickNotifications({ finished, plan, rowOf, users }));
    const payers = [...finished, ...refused].map((item) => payerOf(item, rowOf));
    const watched = [...this.options.watchedUsers(), ...payers];
    await monitor.refresh(watched.filter((userId) => userId !== ''));
    // Retries of email and webhook run in the background: a slow mail server must not
    // hold up the money path.
    void notifications.deliverPending();
    return report;
  }

  /**
   * The tick's own re-check of balance and limits on `submissions`, as if they ran at
   * `now`, without running them: what a tick would pay and what it would refuse, and why.
   */
  checkBatch(submissions: readonly Submission[], now: Date) {
    const { connector, spending, users } = this.options;
    return preflight(submissions, {
      readBalance: (userId, currency) => connector.balance(userId, currency),
      spending,
      policy: this.options.policy(),
      timezoneOf: (userId) => users.find(userId)?.timezone ?? 'UTC',
      now,
    });
  }

  /** settlePayment, except that a row it can't settle is kept as it is and reported. */
  #settle(payment: Payment, now: string): Payment {
    try {
      return settlePayment(payment, this.options.view, now);
    } catch (error) {
      this.options.log(
        `arcflux: payment ${payment.id} could not be brought up to date: ${describe(error)}`,
      );
      return payment;
    }
  }

  /** Settles every row this tick touched and saves those that differ, in one write. */
  async #saveSettled(
    changed: Map<string, Payment>,
    finished: readonly Execution[],
    now: string,
  ): Promise<Payment[]> {
    const { payments } = this.options;
    const ids = new Set([...changed.keys(), ...finished.map((execution) => execution.paymentId)]);
    const rows: Payment[] = [];
    for (const id of ids) {
      const current = changed.get(id) ?? payments.find(id);
      if (!current) continue;
      const settled = this.#settle(current, now);
      if (settled !== payments.find(id)) rows.push(settled);
    }
    if (rows.length > 0) await payments.save(rows);
    return rows;
  }
}

function payerOf(item: Execution | Submission, rowOf: (id: string) => Payment | undefined): string {
  const paymentId = 'payment' in item ? item.payment.id : item.paymentId;
  return rowOf(paymentId)?.userId ?? '';
}

function toReport(
  ranAt: string,
  finished: readonly Execution[],
  held: readonly { payment: Payment; occurrences: string[] }[],
): TickReport {
  return {
    ranAt,
    executed: finished
      .filter((execution) => execution.status === 'succeeded')
      .map((execution) => ({
        paymentId: execution.paymentId,
        occurrenceAt: execution.occurrenceAt,
        executionId: execution.id,
        transferId: execution.transferId,
      })),
    failed: finished.flatMap((execution) =>
      execution.status === 'failed'
        ? [
            {
              paymentId: execution.paymentId,
              occurrenceAt: execution.occurrenceAt,
              executionId: execution.id,
              failure: execution.failure ?? 'rejected',
              error: execution.error ?? 'The payment failed.',
            },
          ]
        : [],
    ),
    missed: held.map(({ payment, occurrences }) => ({ paymentId: payment.id, occurrences })),
  };
}

/**
 * Payments with an occurrence of this tick that no journal line stands for: another
 * executor sharing the database held the row (or the claim was cut) and had not journaled
 * it yet. Their rows must not move past that occurrence here: if the other executor dies
 * before its `started` line commits, nothing would pay it. Left as stored, the next tick
 * plans it again. Always empty for a lone executor, which journals every line it makes.
 */
function unclaimed(
  due: readonly Submission[],
  skipped: readonly Execution[],
  finished: readonly Execution[],
  view: JournalView,
): Set<string> {
  const taken = new Set(finished.map((line) => line.id));
  const left = new Set<string>();
  for (const { payment, occurrenceAt } of due) {
    const id = executionIdFor(occurrenceKey(payment.id, occurrenceAt));
    if (!taken.has(id) && view.get(id) === undefined) left.add(payment.id);
  }
  for (const line of skipped) {
    if (view.get(line.id) === undefined) left.add(line.paymentId);
  }
  return left;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
