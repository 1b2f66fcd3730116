import type { Execution } from '../../../shared/schemas/execution';
import type { Notification } from '../../../shared/schemas/notification';
import type { RiskAssessment } from '../../../shared/schemas/risk';
import { JournalView } from '../execution/journalView';
import { foldNotifications } from '../notifications/foldNotification';
import type { LedgerBackend } from '../store/ledgerBackend';

/**
 * The ledger's facts that are only ever added: risk assessments, the execution journal
 * and the notification outbox. Each addition is fsync'd before the call returns (or with
 * its command's record, inside `together`), so the audit trail survives any crash.
 */
export function journalsOf(store: LedgerBackend) {
  return {
    riskAssessments: new RiskAssessmentsRepository(store),
    executions: new ExecutionsRepository(store),
    notifications: new NotificationsRepository(store),
  };
}
export type Journals = ReturnType<typeof journalsOf>;

export class RiskAssessmentsRepository {
  constructor(private readonly store: LedgerBackend) {}

  list(): readonly RiskAssessment[] {
    return this.store.riskAssessments;
  }

  find(id: string): RiskAssessment | undefined {
    return this.store.riskById.get(id);
  }

  append(assessment: RiskAssessment): Promise<void> {
    return this.store.commit([{ kind: 'risk', data: assessment }]);
  }
}

/**
 * The execution journal holds one entry per state change of an attempt: `started` before
 * the connector is called, then the result. The latest entry for an id is its state.
 */
export class ExecutionsRepository {
  /**
   * The journal folded into latest state, kept up to date as entries arrive: the one
   * index of attempts by id and by payment that the money path and the doors share.
   */
  readonly view: JournalView = new JournalView(this);

  constructor(private readonly store: LedgerBackend) {}

  /** Every attempt in its latest state, in the order attempts were started. */
  list(): Execution[] {
    return this.view.all();
  }

  /** One payment's attempts in their latest state, without a pass over the journal. */
  forPayment(paymentId: string): Execution[] {
    return this.view.forPayment(paymentId);
  }

  /**
   * Every journal entry, for audits that need the history rather than the state. Only
   * grows while the core runs. Entries a later one of the same attempt superseded may be
   * gone after a fold, except successes, which are all kept.
   */
  entries(): readonly Execution[] {
    return this.store.executions;
  }

  record(entries: Execution | readonly Execution[]): Promise<void> {
    const list = Array.isArray(entries)
      ? (entries as readonly Execution[])
      : [entries as Execution];
    return this.store.commit(list.map((data) => ({ kind: 'execution', data })));
  }
}

export class NotificationsRepository {
  constructor(private readonly store: LedgerBackend) {}

  /** Current state of each notification (see foldNotification). */
  list(): Notification[] {
    return foldNotifications(this.store.notifications);
  }

  /** Every outbox line as written, oldest first; only grows while the core runs. */
  lines(): readonly Notification[] {
    return this.store.notifications;
  }

  /** Appends one notification or a batch, in one commit. */
  record(notifications: Notification | readonly Notification[]): Promise<void> {
    const list = Array.isArray(notifications)
      ? (notifications as readonly Notification[])
      : [notifications as Notification];
    return this.store.commit(list.map((data) => ({ kind: 'notification', data })));
  }

  /** Runs `announce` once what the current command committed is on disk. */
  afterCommit(announce: () => void): void {
    this.store.afterCommit(announce);
  }
}
