import type { Execution } from '../../../shared/schemas/execution';
import type { ExecutionsRepository } from '../repositories/journals';

/**
 * The execution journal folded into current state, kept up to date incrementally: each
 * refresh reads only the lines appended since the last one, so a tick over a long
 * journal costs what is new, not the whole history.
 */
export class JournalView {
  readonly #byId = new Map<string, Execution>();
  readonly #byPayment = new Map<string, Map<string, Execution>>();
  readonly #successes = new Map<string, number>();
  #cursor = 0;

  constructor(private readonly journal: Pick<ExecutionsRepository, 'entries'>) {}

  /** The latest state of the occurrence's execution, if the journal knows it. */
  get(executionId: string): Execution | undefined {
    this.#refresh();
    return this.#byId.get(executionId);
  }

  /** Every execution of one payment in its latest state. */
  forPayment(paymentId: string): Execution[] {
    this.#refresh();
    return [...(this.#byPayment.get(paymentId)?.values() ?? [])];
  }

  /** Executions whose last line is `started`: submitted, outcome not yet known. */
  inFlight(): Execution[] {
    this.#refresh();
    return [...this.#byId.values()].filter((execution) => execution.status === 'started');
  }

  /** Every execution in its latest state. */
  all(): Execution[] {
    this.#refresh();
    return [...this.#byId.values()];
  }

  /** How many `succeeded` lines the occurrence has; more than one would be a double payment. */
  successCount(executionId: string): number {
    this.#refresh();
    return this.#successes.get(executionId) ?? 0;
  }

  #refresh(): void {
    const entries = this.journal.entries();
    for (; this.#cursor < entries.length; this.#cursor += 1) {
      const entry = entries[this.#cursor];
      if (!entry) continue;
      this.#byId.set(entry.id, entry);
      let forPayment = this.#byPayment.get(entry.paymentId);
      if (!forPayment) {
        forPayment = new Map();
        this.#byPayment.set(entry.paymentId, forPayment);
      }
      forPayment.set(entry.id, entry);
      if (entry.status === 'succeeded') {
        this.#successes.set(entry.id, (this.#successes.get(entry.id) ?? 0) + 1);
      }
    }
  }
}
