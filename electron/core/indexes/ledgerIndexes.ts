import type { Execution } from '../../../shared/schemas/execution';
import type { Payment } from '../../../shared/schemas/payment';
import type { ExecutionsRepository } from '../repositories/journals';
import type { PaymentsRepository } from '../repositories/payments';
import { inSlices } from '../background';
import { ScheduleIndex } from './scheduleIndex';
import { SpendingIndex } from './spendingIndex';

/** The ledger as the money path uses it: reads, and saves that keep the indexes current. */
export type Ledger = Pick<PaymentsRepository, 'list' | 'open' | 'find' | 'get' | 'save'>;

/** The execution journal as the money path uses it. */
export type ExecutionJournal = Pick<
  ExecutionsRepository,
  'list' | 'forPayment' | 'entries' | 'record'
>;

/**
 * The in-memory indexes the Guardian, the tick and the monitor read instead of scanning
 * the ledger and the journal: spending and recipient history, and the live schedules.
 * Built once from the repositories, then fed every saved row and journal line by the
 * wrappers below, which every money-path writer goes through.
 */
export class LedgerIndexes {
  /** How many journal lines the indexes have taken. */
  #journalRead: number;

  private constructor(
    readonly spending: SpendingIndex,
    readonly schedules: ScheduleIndex,
    journalRead: number,
  ) {
    this.#journalRead = journalRead;
  }

  static build(
    payments: Pick<PaymentsRepository, 'list'>,
    journal: Pick<ExecutionsRepository, 'entries'>,
    now?: Date,
  ): LedgerIndexes {
    const rows = payments.list();
    const lines = journal.entries();
    // Spending questions reach a month back at most (this month, the last 30 days); two
    // months leave room for zones and a clock set a little back. Older lines wait unsorted.
    const settledBefore =
      now === undefined ? '' : new Date(now.getTime() - SETTLED_AFTER_MS).toISOString();
    return new LedgerIndexes(
      SpendingIndex.deferred(rows, lines, settledBefore),
      ScheduleIndex.build(rows),
      lines.length,
    );
  }

  /**
   * Finishes building the spending index between other work after start-up. Until then a
   * question or an update finishes it first (see SpendingIndex.deferred).
   */
  warmUp(): void {
    inSlices(() => this.spending.buildSlice());
  }

  /** Takes saved rows as the ledger stored them. */
  notePayments(rows: readonly Payment[]): void {
    for (const row of rows) {
      this.spending.notePayment(row);
      this.schedules.note(row);
    }
  }

  /**
   * Takes the journal's lines not seen yet, as stored and in the journal's order, so
   * lines of other appends committed in the same group are taken once, in place.
   */
  noteJournal(lines: readonly Execution[]): void {
    for (; this.#journalRead < lines.length; this.#journalRead += 1) {
      const line = lines[this.#journalRead];
      if (line) this.spending.noteExecution(line);
    }
  }
}

/**
 * Runs `learn` once what was just saved is durable: at once outside a unit of work,
 * after the unit's commit inside one, and never when the unit fails (it wrote nothing).
 */
export type AfterCommit = (learn: () => void) => void;
const SETTLED_AFTER_MS = 62 * 24 * 60 * 60 * 1000;
const atOnce: AfterCommit = (learn) => learn();

/**
 * The ledger, saving through the repository and then telling the indexes. Only a save
 * that committed is indexed: a failed one wrote nothing, so there is nothing to learn.
 * The indexes take the rows as stored (the repository's find is a map lookup).
 */
export class IndexedPayments implements Ledger {
  constructor(
    private readonly inner: Ledger,
    private readonly indexes: Pick<LedgerIndexes, 'notePayments'>,
    private readonly afterCommit: AfterCommit = atOnce,
  ) {}

  list(): readonly Payment[] {
    return this.inner.list();
  }

  open(): Payment[] {
    return this.inner.open();
  }

  find(id: string): Payment | undefined {
    return this.inner.find(id);
  }

  get(id: string): Payment {
    return this.inner.get(id);
  }

  async save(rows: readonly Payment[]): Promise<void> {
    await this.inner.save(rows);
    this.afterCommit(() =>
      this.indexes.notePayments(rows.map((row) => this.inner.find(row.id) ?? row)),
    );
  }
}

/** The execution journal, appending through the repository and then telling the indexes. */
export class IndexedJournal implements ExecutionJournal {
  constructor(
    private readonly inner: ExecutionJournal,
    private readonly indexes: Pick<LedgerIndexes, 'noteJournal'>,
    private readonly afterCommit: AfterCommit = atOnce,
  ) {}

  list(): Execution[] {
    return this.inner.list();
  }

  forPayment(paymentId: string): Execution[] {
    return this.inner.forPayment(paymentId);
  }

  entries(): readonly Execution[] {
    return this.inner.entries();
  }

  async record(entries: Execution | readonly Execution[]): Promise<void> {
    await this.inner.record(entries);
    this.afterCommit(() => this.indexes.noteJournal(this.inner.entries()));
  }
}
