interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a write is in progress wait for it, then go
 * together in the next write, so a burst of commits costs one durable write (one fsync,
 * or one database transaction) instead of one each. Writes run one at a time, in arrival
 * order. `write` gets each group; when it throws, every item of that group is rejected
 * with its error. It may instead return one entry per item, an error for an item that
 * failed alone and undefined for one written (PostgresLedgerStore does, so one commit the
 * database refuses does not fail the others of its group).
 */
export class GroupCommit<T> {
  readonly #waiting: Waiting<T>[] = [];
  #draining = false;

  constructor(private readonly write: (group: T[]) => Promise<readonly unknown[] | void>) {}

  /** Resolves once `item` was written with its group; rejects with the group's error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    // Let items added in the same tick join the first group.
    await Promise.resolve();
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0);
      let errors: readonly unknown[] | void;
      try {
        errors = await this.write(group.map((waiting) => waiting.item));
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
        continue;
      }
      group.forEach((waiting, index) => {
        const error = errors?.[index];
        if (error === undefined) waiting.resolve();
        else waiting.reject(error);
      });
    }
    this.#draining = false;
  }
}
