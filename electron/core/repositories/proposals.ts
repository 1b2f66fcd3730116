import type { Proposal } from '../../../shared/schemas/proposal';
import type { LedgerBackend } from '../store/ledgerBackend';

/**
 * Proposals waiting for (or past) the user's answer, kept in the ledger so a restart
 * never loses one and never revives an expired one.
 */
export class ProposalsRepository {
  #latestByPayment: Map<string, Proposal> | undefined;

  constructor(private readonly store: LedgerBackend) {
    store.subscribe((change) => {
      if (change.kind === 'proposal') this.#latestByPayment = undefined;
    });
  }

  list(): readonly Proposal[] {
    return [...this.store.proposals.values()];
  }

  find(id: string): Proposal | undefined {
    return this.store.proposals.get(id);
  }

  /** The newest proposal made for a payment, whatever its status. */
  latestFor(paymentId: string): Proposal | undefined {
    if (!this.#latestByPayment) {
      this.#latestByPayment = new Map();
      for (const proposal of this.store.proposals.values()) {
        this.#latestByPayment.set(proposal.paymentId, proposal);
      }
    }
    return this.#latestByPayment.get(paymentId);
  }

  pending(): Proposal[] {
    return this.list().filter((proposal) => proposal.status === 'pending');
  }

  /** Inserts or replaces proposals by id in one commit. */
  save(changed: readonly Proposal[]): Promise<void> {
    return this.store.commit(changed.map((data) => ({ kind: 'proposal', data })));
  }
}
