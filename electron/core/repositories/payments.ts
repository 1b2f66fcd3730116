import type { Payment } from '../../../shared/schemas/payment';
import { CoreError } from '../errors';
import type { LedgerBackend } from '../store/ledgerBackend';

/** The payment schedule and ledger: one row per payment, kept in the ledger store. */
export class PaymentsRepository {
  #list: Payment[] | undefined;
  /** Ids of rows a tick may still act on (see isSettled), kept as rows change. */
  readonly #open = new Set<string>();

  constructor(private readonly store: LedgerBackend) {
    for (const payment of store.payments.values()) this.#track(payment);
    store.subscribe((change) => {
      if (change.kind !== 'payment') return;
      this.#list = undefined;
      this.#track(change.data);
    });
  }

  /**
   * The rows a tick may still act on, in ledger order: everything but finished rows with
   * nothing left to run. A long history of paid one-offs then costs a tick nothing.
   */
  open(): Payment[] {
    const rows: Payment[] = [];
    for (const id of this.#open) {
      const payment = this.store.payments.get(id);
      if (payment) rows.push(payment);
    }
    return rows;
  }

  #track(payment: Payment): void {
    if (isSettled(payment)) this.#open.delete(payment.id);
    else this.#open.add(payment.id);
  }

  /** Every payment, in the order they were first saved. */
  list(): readonly Payment[] {
    // Rebuilt only after a payment changes, so repeated reads between writes are free.
    this.#list ??= [...this.store.payments.values()];
    return this.#list;
  }

  find(id: string): Payment | undefined {
    return this.store.payments.get(id);
  }

  get(id: string): Payment {
    const payment = this.find(id);
    if (!payment) {
      throw new CoreError(
        'not_found',
        `There is no payment "${id}". Check the id in the payment history (arcflux ledger).`,
      );
    }
    return payment;
  }

  /** Inserts or replaces payments by id in one commit; an invalid row writes nothing. */
  save(rows: readonly Payment[]): Promise<void> {
    return this.store.commit(rows.map((data) => ({ kind: 'payment', data })));
  }
}

const FINISHED = new Set(['executed', 'failed', 'cancelled', 'denied']);

/**
 * A finished row with no next run and no held or approved runs: no tick, settle or plan
 * changes it or pays anything for it (settlePayment and planTick both leave it as is).
 */
export function isSettled(payment: Payment): boolean {
  return (
    FINISHED.has(payment.status) &&
    payment.nextRunAt === null &&
    (payment.missedRuns ?? []).length === 0 &&
    (payment.approvedRuns ?? []).length === 0
  );
}
