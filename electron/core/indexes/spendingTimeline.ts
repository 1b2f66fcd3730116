/** One counted execution on a timeline. */
export interface TimedAmount {
  id: string;
  /** The occurrence instant as stored; compared as text, as the journal's readers do. */
  at: string;
  units: bigint;
}

/** Many entries as three parallel columns, so loading a long journal allocates no object per line. */
export interface TimedColumns {
  ids: string[];
  at: string[];
  units: bigint[];
}

/**
 * One wallet's counted executions in occurrence order, with running sums, so "how much
 * and how many since X" is two binary searches whatever X is: the user's midnight, the
 * first of the month in their zone, 24 hours or 30 days back. Changes land near the end
 * (new runs, their results), so keeping the order costs little; the sums are brought up
 * to date from the first changed entry on the next question.
 */
export class SpendingTimeline {
  #at: string[] = [];
  #ids: string[] = [];
  #units: bigint[] = [];
  /** sums[i] is the total of the first i entries; valid up to index #valid. */
  readonly #sums: bigint[] = [0n];
  #valid = 0;

  /**
   * A timeline of many entries at once, given as columns. Journals are mostly written in
   * occurrence order, so columns already in order are taken as they are; otherwise one
   * sort, instead of one insertion each.
   */
  static of(columns: TimedColumns): SpendingTimeline {
    const timeline = new SpendingTimeline();
    const { ids, at, units } = columns;
    let order: number[] | undefined;
    for (let index = 1; index < at.length && !order; index += 1) {
      if ((at[index - 1] ?? '') > (at[index] ?? '')) order = at.map((_, each) => each);
    }
    if (!order) {
      timeline.#at = at;
      timeline.#ids = ids;
      timeline.#units = units;
      return timeline;
    }
    order.sort((left, right) => {
      const first = at[left] ?? '';
      const second = at[right] ?? '';
      return first < second ? -1 : first > second ? 1 : left - right;
    });
    timeline.#at = order.map((index) => at[index] ?? '');
    timeline.#ids = order.map((index) => ids[index] ?? '');
    timeline.#units = order.map((index) => units[index] ?? 0n);
    return timeline;
  }

  get size(): number {
    return this.#at.length;
  }

  add(entry: TimedAmount): void {
    const index = this.#after(entry.at);
    if (index === this.#at.length) {
      this.#at.push(entry.at);
      this.#ids.push(entry.id);
      this.#units.push(entry.units);
    } else {
      this.#at.splice(index, 0, entry.at);
      this.#ids.splice(index, 0, entry.id);
      this.#units.splice(index, 0, entry.units);
    }
    this.#invalidate(index);
  }

  /** Removes the entry with this id at this instant; false when there is none. */
  remove(id: string, at: string): boolean {
    let index = this.#from(at);
    while (index < this.#at.length && this.#at[index] === at && this.#ids[index] !== id) index += 1;
    if (this.#ids[index] !== id || this.#at[index] !== at) return false;
    this.#at.splice(index, 1);
    this.#ids.splice(index, 1);
    this.#units.splice(index, 1);
    this.#invalidate(index);
    return true;
  }

  /** How many entries, and their total, at or after `start` (later ones included). */
  since(start: string): { count: number; total: bigint } {
    const length = this.#at.length;
    const sums = this.#sums;
    for (; this.#valid < length; this.#valid += 1) {
      sums[this.#valid + 1] = (sums[this.#valid] ?? 0n) + (this.#units[this.#valid] ?? 0n);
    }
    const first = this.#from(start);
    return { count: length - first, total: (sums[length] ?? 0n) - (sums[first] ?? 0n) };
  }

  #invalidate(index: number): void {
    if (index < this.#valid) this.#valid = index;
    this.#sums.length = this.#valid + 1;
  }

  /** The first index whose instant is >= at. */
  #from(at: string): number {
    let low = 0;
    let high = this.#at.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#at[middle] ?? '') < at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first index whose instant is > at. */
  #after(at: string): number {
    let low = 0;
    let high = this.#at.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#at[middle] ?? '') <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
