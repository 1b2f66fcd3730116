import type { Payment } from '../../../shared/schemas/payment';
import { CoreError } from '../errors';
import type { LedgerStore } from '../store/ledgerStore';

/** The payment schedule and ledger: one row per payment, kept in the ledger store. */
export class PaymentsRepository {
  #list: Payment[] | undefined;

  constructor(private readonly store: LedgerStore) {
    store.subscribe((change) => {
      if (change.kind === 'payment') this.#list = undefined;
    });
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
