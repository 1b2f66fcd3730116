/**
 * What a search reads of each transfer's own ids (execution id and transaction id),
 * learned after the first page rather than while it waits: which rows' ids have capitals
 * (kept lower-cased, since search ignores case), and every character any id holds. A
 * needle with a character no id has cannot be in one, so the search skips two million
 * `includes` at 1M transfers; searching "groceries" among hexadecimal ids is the usual case.
 */
export class IdText {
  /** Rows below this have been looked at. */
  #learned = 0;
  /** Set once every row has been looked at: from then on each new or changed row is at once. */
  #caughtUp = false;
  /** Lower-case ids of the rare row whose ids have capitals. */
  readonly #lowered = new Map<number, string>();
  /** Every character seen in a looked-at row's ids, as bits (see `charBit`). */
  #low = 0;
  #high = 0;
  /**
   * Matches a character that would change what is known: one whose bit is not set yet,
   * a capital, or one outside ASCII. Ids nearly always hold none, and a native scan for
   * one is several times cheaper than reading each character here (0.7 s at 1M rows).
   */
  #novel = novelCharacters(0, 0);

  constructor(private readonly idsOf: (row: number) => RowIds) {}

  /** Looks at up to `limit` more of rows 0 to size - 1; true once all are. */
  learn(size: number, limit: number): boolean {
    const end = Math.min(size, this.#learned + limit);
    for (let row = this.#learned; row < end; row += 1) this.#look(row);
    this.#learned = end;
    if (end === size) this.#caughtUp = true;
    return this.#caughtUp;
  }

  /** Row `row` was added or rewritten. */
  changed(row: number): void {
    if (row < this.#learned) {
      this.#look(row);
    } else if (this.#caughtUp && row === this.#learned) {
      this.#look(row);
      this.#learned += 1;
    }
  }

  /**
   * Readies a search over rows 0 to size - 1 for `needle` (lower case): false when no id
   * can hold it. Rows not looked at yet are looked at now.
   */
  mayHold(needle: string, size: number): boolean {
    this.learn(size, Infinity);
    const bits = charBits(needle);
    return (bits.low & ~this.#low) === 0 && (bits.high & ~this.#high) === 0;
  }

  /** Whether the row's ids hold `needle` (lower case); after `mayHold`. */
  holds(row: number, needle: string): boolean {
    const lowered = this.#lowered.get(row);
    if (lowered !== undefined) return lowered.includes(needle);
    const { id, transferId } = this.idsOf(row);
    return id.includes(needle) || (transferId !== null && transferId.includes(needle));
  }

  clear(): void {
    this.#learned = 0;
    this.#caughtUp = false;
    this.#lowered.clear();
    this.#low = 0;
    this.#high = 0;
    this.#novel = novelCharacters(0, 0);
  }

  #look(row: number): void {
    const { id, transferId } = this.idsOf(row);
    const novel = this.#novel;
    if (!novel.test(id) && (transferId === null || !novel.test(transferId))) {
      // Plain lower case, every character known: nothing to learn from this row.
      if (this.#lowered.size > 0) this.#lowered.delete(row);
      return;
    }
    let bits = charBits(id);
    if (transferId !== null) bits = union(bits, charBits(transferId));
    // Ids are nearly always plain lower case already; only the others cost a second string,
    // whose characters are the ones a lower-case needle is compared with.
    if (bits.cased) {
      const lowered = `${id}\u0000${transferId ?? ''}`.toLowerCase();
      this.#lowered.set(row, lowered);
      bits = charBits(lowered);
    } else {
      this.#lowered.delete(row);
    }
    if ((bits.low & ~this.#low) === 0 && (bits.high & ~this.#high) === 0) return;
    this.#low |= bits.low;
    this.#high |= bits.high;
    this.#novel = novelCharacters(this.#low, this.#high);
  }
}

export interface RowIds {
  readonly id: string;
  readonly transferId: string | null;
}

interface CharacterSet {
  low: number;
  high: number;
  /** Has a capital A-Z or a character outside ASCII, whose lower case may differ. */
  cased: boolean;
}

/** The characters of `text` as 64 bits (see `charBit`). */
function charBits(text: string): CharacterSet {
  let low = 0;
  let high = 0;
  let cased = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if ((code >= 65 && code <= 90) || code >= 128) cased = true;
    const bit = charBit(code);
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return { low, high, cased };
}

function union(left: CharacterSet, right: CharacterSet): CharacterSet {
  return {
    low: left.low | right.low,
    high: left.high | right.high,
    cased: left.cased || right.cased,
  };
}

/**
 * A pattern for any character outside the ASCII characters, capitals aside, whose bit
 * (see `charBit`) is set in `low`/`high`: at most 64 distinct sets ever, so it is made anew
 * only when a row brings a new bit.
 */
function novelCharacters(low: number, high: number): RegExp {
  let known = '';
  for (let code = 0; code < 128; code += 1) {
    if (code >= 65 && code <= 90) continue;
    const bit = charBit(code);
    const set = bit < 32 ? low & (1 << bit) : high & (1 << (bit - 32));
    if (set !== 0) known += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  // Nothing known yet: every character is new.
  return known === '' ? /[^]/ : new RegExp(`[^${known}]`);
}

/**
 * a-z are bits 0-25 and 0-9 bits 26-35; other ASCII characters share bits 36-62, and
 * every character outside ASCII is bit 63. Sharing a bit only lets a needle through to
 * the full comparison; it never turns one away.
 */
function charBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  if (code >= 128) return 63;
  return 36 + (code % 27);
}
