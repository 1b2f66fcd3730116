import type { TransferIndex } from './transferIndex';

/**
 * The first `count` rows by time that `matches` keeps, in the order the time order would
 * give them: by time, ties by row number, both reversed when `descending`.
 *
 * One pass over the rows with a heap of `count`, for a page near the top while the index
 * has not built its time order yet (about 0.2 s at 1M rows, on the history's first screen).
 * A row is tested against the filter only when its time would place it in the page so far.
 */
export function firstRowsByTime(
  index: TransferIndex,
  matches: (row: number) => boolean,
  count: number,
  descending: boolean,
): number[] {
  const heap = new WorstFirstHeap(count, descending);
  // Rows are mostly appended in time order: walking from the end the page wants first
  // fills the heap with its rows at once, and most others fail on their time alone.
  const step = descending ? -1 : 1;
  for (let row = descending ? index.size - 1 : 0; row >= 0 && row < index.size; row += step) {
    const atMs = index.atMs(row);
    if (heap.full && !heap.beatsWorst(atMs, row)) continue;
    if (matches(row)) heap.offer(atMs, row);
  }
  return heap.drain();
}

/**
 * At most `capacity` (time, row) pairs, the one that would come last at the root, so a
 * better pair replaces it in O(log capacity).
 */
class WorstFirstHeap {
  readonly #rows: Int32Array;
  readonly #keys: Float64Array;
  /** 1 when larger (time, row) pairs come first, -1 when smaller ones do. */
  readonly #sign: number;
  #length = 0;

  constructor(capacity: number, descending: boolean) {
    this.#rows = new Int32Array(capacity);
    this.#keys = new Float64Array(capacity);
    this.#sign = descending ? 1 : -1;
  }

  get full(): boolean {
    return this.#length === this.#rows.length;
  }

  /** Whether (key, row) comes before the pair at the root. */
  beatsWorst(key: number, row: number): boolean {
    return this.#before(key, row, this.#keys[0] as number, this.#rows[0] as number);
  }

  offer(key: number, row: number): void {
    if (!this.full) {
      this.#rows[this.#length] = row;
      this.#keys[this.#length] = key;
      this.#length += 1;
      this.#up(this.#length - 1);
    } else if (this.beatsWorst(key, row)) {
      this.#rows[0] = row;
      this.#keys[0] = key;
      this.#down(0);
    }
  }

  /** The rows, first to last; the heap is left empty. */
  drain(): number[] {
    const rows: number[] = new Array<number>(this.#length);
    while (this.#length > 0) {
      rows[this.#length - 1] = this.#rows[0] as number;
      this.#length -= 1;
      this.#move(this.#length, 0);
      this.#down(0);
    }
    return rows;
  }

  #before(key: number, row: number, otherKey: number, otherRow: number): boolean {
    if (key !== otherKey) return (key - otherKey) * this.#sign > 0;
    return (row - otherRow) * this.#sign > 0;
  }

  /** Whether slot `at` comes after slot `other` (so belongs nearer the root). */
  #after(at: number, other: number): boolean {
    return this.#before(
      this.#keys[other] as number,
      this.#rows[other] as number,
      this.#keys[at] as number,
      this.#rows[at] as number,
    );
  }

  #up(at: number): void {
    let child = at;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.#after(child, parent)) return;
      this.#swap(child, parent);
      child = parent;
    }
  }

  #down(at: number): void {
    let parent = at;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= this.#length) return;
      const right = left + 1;
      const worse = right < this.#length && this.#after(right, left) ? right : left;
      if (!this.#after(worse, parent)) return;
      this.#swap(worse, parent);
      parent = worse;
    }
  }

  #move(from: number, to: number): void {
    this.#rows[to] = this.#rows[from] as number;
    this.#keys[to] = this.#keys[from] as number;
  }

  #swap(left: number, right: number): void {
    const row = this.#rows[left] as number;
    const key = this.#keys[left] as number;
    this.#move(right, left);
    this.#rows[right] = row;
    this.#keys[right] = key;
  }
}
