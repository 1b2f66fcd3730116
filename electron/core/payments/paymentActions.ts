import type { Execution, SkipReason } from '../../../shared/schemas/execution';
import {
  CANCELLABLE_STATUSES,
  MAX_HELD_RUNS,
  type Cancellation,
  type CancellableStatus,
  type Payment,
  type PaymentStatus,
} from '../../../shared/schemas/payment';
import type { ProposalPerson } from '../../../shared/schemas/proposal';
import { toInstant, type Clock } from '../clock';
import { CoreError } from '../errors';
import type { EventBus } from '../events';
import type { JournalView } from '../execution/journalView';
import { skippedLines } from '../execution/skippedRuns';
import type { LedgerStore } from '../store/ledgerStore';
import type { Confirmations } from '../guardian/confirmations';
import type { ExecutionJournal, Ledger } from '../indexes/ledgerIndexes';
import { nextOccurrence, occurrencesBetween } from '../schedule/occurrences';
import { firstRunAfterUndo } from './undoWindow';
import { settlePayment, withRuns } from '../scheduler/settle';

export interface PaymentActionsOptions {
  payments: Ledger;
  view: JournalView;
  /** Where skipped runs are recorded, so none of them can be paid later. */
  journal: Pick<ExecutionJournal, 'record'>;
  /** Makes a skip's journal lines and payment row one commit (see LedgerStore.together). */
  ledger: Pick<LedgerStore, 'together'>;
  confirmations: Confirmations;
  events: EventBus;
  clock: Clock;
  /** The undo window setting; a resume that would run at once waits it out too. */
  undoSeconds: () => number;
  /** Tells the user a payment now waits out its undo window (the countdown toast). */
  announceUndoWindow: (payment: Payment) => Promise<void>;
}

function isCancellable(status: PaymentStatus): status is CancellableStatus {
  return (CANCELLABLE_STATUSES as readonly PaymentStatus[]).includes(status);
}

/**
 * What a user can do to a schedule besides confirming it: cancel, pause, resume, and
 * skip the next occurrence (or the missed runs a held payment waits on). Each checks the
 * payment's state first and changes nothing when it refuses. An occurrence already
 * submitted belongs to the execution journal and finishes whatever happens here.
 */
export class PaymentActions {
  constructor(private readonly options: PaymentActionsOptions) {}

  /** `by`: the person cancelling, recorded on a pending proposal as its decider. */
  async cancel(id: string, by?: ProposalPerson): Promise<Payment> {
    const payment = this.options.payments.get(id);
    const { status } = payment;
    if (!isCancellable(status)) {
      throw refused(
        payment,
        payment.status === 'executing'
          ? 'it is being paid right now; it can no longer be stopped'
          : 'nothing of it is left to run',
      );
    }
    const now = this.#now();
    const row = withRuns(
      {
        ...payment,
        status: 'cancelled',
        nextRunAt: null,
        paused: false,
        updatedAt: now,
        cancellation: this.#cancellation(payment, status, now),
      },
      [],
      [],
    );
    // Saved before the proposal is closed: a crash between leaves a cancelled payment
    // whose stale proposal can no longer be confirmed.
    await this.#save(row);
    await this.options.confirmations.closeProposal(id, by);
    return row;
  }

  /**
   * Undo of a cancel: the payment back exactly as the cancel found it (status, next run,
   * pause, held runs, its proposal reopened), provided nothing of it ran since. Refuses,
   * changing nothing, when it is not cancelled by a user's cancel (or was restored
   * already), when the journal moved since the cancel, or when its proposal expired.
   *
   * The scheduler: the restore runs on the money path like every action, so no tick
   * interleaves. The next run comes back as it was, even when it fell due while the
   * payment was cancelled: the next tick then treats it exactly like a run that fell due
   * while ArcFlux was closed (on time if within the missed-run window, otherwise the
   * payment's missed-run policy: held for the user's answer by default). Occurrences the
   * journal already knows are passed by settlePayment, so none can run twice.
   */
  async restore(id: string): Promise<Payment> {
    const payment = this.options.payments.get(id);
    const { cancellation: before, ...rest } = payment;
    if (payment.status !== 'cancelled' || !before) {
      throw refused(
        payment,
        payment.status === 'cancelled'
          ? 'it ended without a cancel of yours (an expired confirmation, a schedule with no runs left), so there is no cancel to undo'
          : 'only a cancelled payment can be restored',
      );
    }
    const journal = this.#journalMark(id);
    if (journal.executions !== before.executions || journal.finished !== before.finished) {
      throw refused(payment, 'a payment of it ran after it was cancelled, so the cancel stands');
    }
    const proposal =
      before.status === 'pending_confirmation'
        ? this.options.confirmations.reopenableProposal(id, before.proposalId)
        : null;
    const now = this.#now();
    const row = settlePayment(
      withRuns(
        {
          ...rest,
          status: before.status,
          nextRunAt: before.nextRunAt,
          paused: before.paused,
          updatedAt: now,
        },
        before.missedRuns ?? [],
        before.approvedRuns ?? [],
      ),
      this.options.view,
      now,
    );
    // The payment first: a crash before the proposal is reopened leaves a payment waiting
    // without a proposal, which expiry cancels, never a proposal for a cancelled payment.
    await this.#save(row);
    if (proposal) await this.options.confirmations.reopenProposal(proposal);
    return row;
  }

  /**
   * Undo from the countdown: cancels a payment still in its undo window, with nothing of
   * it paid. Runs with the other money-path work one at a time, so a tick either comes
   * first (and Undo finds the run in the journal and refuses with `already_started`) or
   * comes after and finds the payment cancelled. Never reports success while money moves.
   */
  async undo(id: string): Promise<Payment> {
    const payment = this.options.payments.get(id);
    if (payment.undoUntil === undefined) {
      throw new CoreError(
        'conflict',
        `Payment ${payment.id} has no undo window (it did not run straight away). Cancel it instead if nothing of it has run. Nothing was changed.`,
      );
    }
    // A skipped run moved nothing; any other line means money may have.
    const ran = this.options.view
      .forPayment(id)
      .some((execution) => execution.status !== 'skipped');
    if (ran) {
      throw new CoreError(
        'already_started',
        `Payment ${payment.id} can no longer be undone: its run has already started (it is ${payment.status}). Check its status for the outcome. Nothing was changed.`,
      );
    }
    // A second Undo (a double click, a retry after a lost answer) finds it undone already.
    if (payment.status === 'cancelled') return payment;
    return this.cancel(id);
  }

  async pause(id: string): Promise<Payment> {
    const payment = this.options.payments.get(id);
    if (payment.status !== 'scheduled')
      throw refused(payment, 'only a scheduled payment can be paused');
    if (payment.paused) throw refused(payment, 'it is already paused');
    return this.#save({ ...payment, paused: true, updatedAt: this.#now() });
  }

  /**
   * Resumes from now: runs that fell due while paused are skipped, not paid late, and
   * journaled as skipped (the first MAX_HELD_RUNS of them; later ones are passed by the
   * schedule all the same). A run that would now come at once (a one-off whose time
   * passed) waits out the undo window first, like any payment that runs without a dialog.
   */
  async resume(id: string): Promise<Payment> {
    const payment = this.options.payments.get(id);
    if (!payment.paused) throw refused(payment, 'it is not paused');
    const now = this.#now();
    const first = payment.nextRunAt;
    const passed = first !== null && first <= now;
    const nextRunAt = !passed
      ? payment.nextRunAt
      : payment.schedule.kind === 'once'
        ? now
        : nextOccurrence(payment.schedule, now);
    const skipped =
      passed && payment.schedule.kind !== 'once'
        ? [first, ...occurrencesBetween(payment.schedule, first, now, MAX_HELD_RUNS - 1)]
        : [];
    const windowed = firstRunAfterUndo(nextRunAt, now, this.options.undoSeconds());
    const row = await this.#save(
      this.#finish({ ...payment, paused: false, ...windowed, updatedAt: now }),
      this.#skipped(payment, skipped, 'paused', now),
    );
    if (windowed.undoUntil !== undefined) await this.options.announceUndoWindow(row);
    return row;
  }

  /** Skips the next occurrence of a schedule, or drops the missed runs of a held payment. */
  async skip(id: string): Promise<Payment> {
    const payment = this.options.payments.get(id);
    const now = this.#now();
    if (payment.status === 'missed') {
      return this.#save(
        withRuns(
          { ...payment, status: 'scheduled', updatedAt: now },
          [],
          payment.approvedRuns ?? [],
        ),
        this.#skipped(payment, payment.missedRuns ?? [], 'user', now),
      );
    }
    if (payment.status !== 'scheduled' || payment.nextRunAt === null) {
      throw refused(payment, 'it has no coming occurrence to skip');
    }
    if (payment.schedule.kind === 'once') {
      throw refused(payment, 'it runs only once; cancel it instead');
    }
    const nextRunAt = nextOccurrence(payment.schedule, payment.nextRunAt);
    return this.#save(
      this.#finish({ ...payment, nextRunAt, updatedAt: now }),
      this.#skipped(payment, [payment.nextRunAt], 'user', now),
    );
  }

  #cancellation(payment: Payment, status: CancellableStatus, at: string): Cancellation {
    return {
      at,
      status,
      nextRunAt: payment.nextRunAt,
      paused: payment.paused,
      ...(payment.missedRuns ? { missedRuns: payment.missedRuns } : {}),
      ...(payment.approvedRuns ? { approvedRuns: payment.approvedRuns } : {}),
      proposalId: this.options.confirmations.pendingProposalId(payment.id),
      ...this.#journalMark(payment.id),
    };
  }

  /** How many executions the journal has for the payment, and how many have an outcome. */
  #journalMark(id: string): { executions: number; finished: number } {
    const executions = this.options.view.forPayment(id);
    return {
      executions: executions.length,
      finished: executions.filter((execution) => execution.status !== 'started').length,
    };
  }

  /** A schedule left with nothing to run ends: by its executions, or cancelled if none. */
  #finish(payment: Payment): Payment {
    if (payment.nextRunAt !== null || (payment.approvedRuns ?? []).length > 0) return payment;
    const settled = settlePayment(payment, this.options.view, payment.updatedAt);
    return settled.status === 'scheduled' ? { ...settled, status: 'cancelled' } : settled;
  }

  #skipped(payment: Payment, runs: readonly string[], reason: SkipReason, at: string) {
    return skippedLines(payment, runs, reason, { view: this.options.view, at });
  }

  /**
   * Saves the row, with the journal lines of the runs it skips in the same commit: a
   * crash leaves both or neither, never a run dropped from the row but still payable.
   */
  async #save(row: Payment, skipped: readonly Execution[] = []): Promise<Payment> {
    const { payments, journal, ledger } = this.options;
    if (skipped.length === 0) {
      await payments.save([row]);
    } else {
      await ledger.together(async () => {
        await journal.record(skipped);
        await payments.save([row]);
      });
    }
    this.options.events.emit('payment:changed', { payment: row });
    return row;
  }

  #now(): string {
    return toInstant(this.options.clock.now());
  }
}

function refused(payment: Payment, why: string): CoreError {
  return new CoreError(
    'conflict',
    `Payment ${payment.id} is ${payment.status}${payment.paused ? ' (paused)' : ''}: ${why}. Nothing was changed.`,
  );
}
