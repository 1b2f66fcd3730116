import { AsyncLocalStorage } from 'node:async_hooks';
import type { LedgerChange } from './ledgerRecords';

interface Unit {
  changes: LedgerChange[];
  after: (() => void)[];
  closed: boolean;
}

/**
 * What makes one command's records one commit, for every ledger backend alike: `together`
 * opens a unit, commits made inside it are collected instead of written, and the unit is
 * written as one commit (one fsync'd log line, or one PostgreSQL transaction) when the
 * work is done. Announcements wait for that commit. A backend supplies only `write`.
 */
export class CommandUnits {
  readonly #units = new AsyncLocalStorage<Unit>();

  /** Adds `changes` to the open unit and returns true, or returns false outside one. */
  join(changes: readonly LedgerChange[]): boolean {
    const unit = this.#units.getStore();
    if (!unit || unit.closed) return false;
    unit.changes.push(...changes);
    return true;
  }

  /**
   * Runs `work` as one unit, then writes what it committed (if anything) with `write`,
   * then runs its announcements. A nested call joins the outer unit. If `work` throws,
   * nothing it committed is written and nothing is announced.
   */
  async run<T>(
    work: () => Promise<T>,
    write: (changes: LedgerChange[]) => Promise<void>,
  ): Promise<T> {
    const outer = this.#units.getStore();
    if (outer && !outer.closed) return work();
    const unit: Unit = { changes: [], after: [], closed: false };
    let result: T;
    try {
      result = await this.#units.run(unit, work);
    } finally {
      unit.closed = true;
    }
    if (unit.changes.length > 0) await write(unit.changes);
    for (const after of unit.after) after();
    return result;
  }

  /** Runs `announce` once what the current unit committed is durable (at once outside one). */
  afterCommit(announce: () => void): void {
    const unit = this.#units.getStore();
    if (unit && !unit.closed) unit.after.push(announce);
    else announce();
  }
}
