/**
 * Runs tasks one at a time in the order they were queued, so two writes of the same file
 * never interleave and a read-modify-write always sees the previous write. A failed task
 * rejects its own caller only; the tasks queued after it still run.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => R | Promise<R>): Promise<R> {
    const result = this.#tail.then(() => task());
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
