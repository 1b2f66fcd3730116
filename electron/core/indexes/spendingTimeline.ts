import { instantMs } from '../clock';
import { keyOrder } from './keyOrder';

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
 *
 * Those questions only reach a month or so back, so a timeline built at start keeps the
 * entries before `settledBefore` aside, unsorted: sorting a million-line history nobody
 * asks about was most of what start-up spent on spending. A question that reaches before
 * that instant (a clock set far back) first sorts them in, so answers stay exact.
 */
export class SpendingTimeline {
  #at: string[] = [];
  #ids: string[] = [];
  #units: bigint[] = [];
  /** sums[i] is the total of the first i entries; valid up to index #valid. */
  readonly #sums: bigint[] = [0n];
  #valid = 0;
  /** Entries before #settledBefore, in no order; '' once they are sorted in (or never set). */
  #settled: TimedColumns = { ids: [], at: [], units: [] };
  #settledBefore = '';

  /**
   * A timeline of many entries at once, given as columns. Journals are mostly written in
   * occurrence order, so columns already in order are taken as they are; otherwise one
   * sort, instead of one insertion each. Entries before `settledBefore` are set aside.
   */
  static of(columns: TimedColumns, settledBefore = ''): SpendingTimeline {
    const timeline = new SpendingTimeline();
    const { recent, settled } = split(columns, settledBefore);
    timeline.#settled = settled;
    timeline.#settledBefore = settledBefore;
    const sorted = inOrder(recent);
    timeline.#at = sorted.at;
    timeline.#ids = sorted.ids;
    timeline.#units = sorted.units;
    return timeline;
  }

  get size(): number {
    return this.#at.length + this.#settled.at.length;
  }

  add(entry: TimedAmount): void {
    if (entry.at < this.#settledBefore) {
      this.#settled.ids.push(entry.id);
      this.#settled.at.push(entry.at);
      this.#settled.units.push(entry.units);
      return;
    }
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
    if (at < this.#settledBefore) return this.#removeSettled(id, at);
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
    if (start < this.#settledBefore) this.#sortInSettled();
    const length = this.#at.length;
    const sums = this.#sums;
    for (; this.#valid < length; this.#valid += 1) {
      sums[this.#valid + 1] = (sums[this.#valid] ?? 0n) + (this.#units[this.#valid] ?? 0n);
    }
    const first = this.#from(start);
    return { count: length - first, total: (sums[length] ?? 0n) - (sums[first] ?? 0n) };
  }

  /** Found from the end: the settled entries that change are the ones added last. */
  #removeSettled(id: string, at: string): boolean {
    const { ids, at: instants, units } = this.#settled;
    for (let index = ids.length - 1; index >= 0; index -= 1) {
      if (ids[index] !== id || instants[index] !== at) continue;
      ids.splice(index, 1);
      instants.splice(index, 1);
      units.splice(index, 1);
      return true;
    }
    return false;
  }

  #sortInSettled(): void {
    const { ids, at, units } = this.#settled;
    const all = inOrder({
      ids: [...ids, ...this.#ids],
      at: [...at, ...this.#at],
      units: [...units, ...this.#units],
    });
    this.#at = all.at;
    this.#ids = all.ids;
    this.#units = all.units;
    this.#settled = { ids: [], at: [], units: [] };
    this.#settledBefore = '';
    this.#invalidate(0);
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

/** The entries at or after `before`, and those before it. */
function split(
  columns: TimedColumns,
  before: string,
): { recent: TimedColumns; settled: TimedColumns } {
  if (before === '') return { recent: columns, settled: { ids: [], at: [], units: [] } };
  const recent: TimedColumns = { ids: [], at: [], units: [] };
  const settled: TimedColumns = { ids: [], at: [], units: [] };
  const { ids, at, units } = columns;
  for (let index = 0; index < at.length; index += 1) {
    const into = (at[index] ?? '') < before ? settled : recent;
    into.ids.push(ids[index] ?? '');
    into.at.push(at[index] ?? '');
    into.units.push(units[index] ?? 0n);
  }
  return { recent, settled };
}

/** The columns in occurrence order (ties in their given order): as given when they already are. */
function inOrder(columns: TimedColumns): TimedColumns {
  const { ids, at, units } = columns;
  if (inTextOrder(at)) return columns;
  // In the stored form, digits of fixed width, an instant's text sorts as its time: sorted
  // as numbers, by radix. A comparator over the text took a quarter of a second in one
  // turn for a wallet of some 100k recent runs. Any other form (written by hand, say)
  // sorts by its text, as the binary searches above read it.
  const order = at.every(isStoredForm)
    ? Array.from(keyOrder(Float64Array.from(at, instantMs), at.length))
    : at
        .map((_, each) => each)
        .sort((left, right) => {
          const first = at[left] ?? '';
          const second = at[right] ?? '';
          return first < second ? -1 : first > second ? 1 : left - right;
        });
  return {
    at: order.map((index) => at[index] ?? ''),
    ids: order.map((index) => ids[index] ?? ''),
    units: order.map((index) => units[index] ?? 0n),
  };
}

function inTextOrder(at: readonly string[]): boolean {
  for (let index = 1; index < at.length; index += 1) {
    if ((at[index - 1] ?? '') > (at[index] ?? '')) return false;
  }
  return true;
}

/** "2026-11-27T09:00:00.000Z", the one form instantSchema keeps. */
function isStoredForm(instant: string): boolean {
  return instant.length === 24 && instant[10] === 'T' && instant[23] === 'Z';
}
