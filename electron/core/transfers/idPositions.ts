/**
 * Row numbers by id, in an open-addressed table of typed arrays. A history index meets a
 * million ids at start-up, each a fresh string from JSON.parse; a Map of them spent about
 * 0.6 s hashing and re-hashing as it grew (measured at 1M transfers), while this table
 * hashes each id once, allocates nothing per id and keeps its slots side by side. The ids
 * themselves stay where they are: the table asks `idOf` for a row's id to confirm a hit.
 */
export class IdPositions {
  /**
   * Two numbers per slot, side by side so a probe reads one cache line: the row number + 1
   * (0 for an empty slot), and the id's hash, so most probes that miss never read an id.
   */
  #slots = new Int32Array(INITIAL_CAPACITY * 2);
  #size = 0;

  constructor(private readonly idOf: (row: number) => string) {}

  get size(): number {
    return this.#size;
  }

  /** The row filed under `id`, or -1. */
  get(id: string): number {
    const slot = this.#find(id, hashOf(id));
    const row = this.#slots[slot * 2] as number;
    return row === 0 ? -1 : row - 1;
  }

  /** The row filed under `id`; when there is none, files `row` under it and answers -1. */
  getOrAdd(id: string, row: number): number {
    const hash = hashOf(id);
    let slot = this.#find(id, hash);
    const known = this.#slots[slot * 2] as number;
    if (known !== 0) return known - 1;
    // At most half full, so a probe for an absent id ends soon.
    if ((this.#size + 1) * 2 > this.#capacity) {
      this.#grow();
      slot = this.#find(id, hash);
    }
    this.#slots[slot * 2] = row + 1;
    this.#slots[slot * 2 + 1] = hash;
    this.#size += 1;
    return -1;
  }

  get #capacity(): number {
    return this.#slots.length / 2;
  }

  /** Makes room for `count` ids in all, so a table filled from a known journal grows once. */
  reserve(count: number): void {
    while (count * 2 > this.#capacity) this.#grow();
  }

  clear(): void {
    this.#slots = new Int32Array(INITIAL_CAPACITY * 2);
    this.#size = 0;
  }

  /** The slot holding `id`, or the empty slot where it would go (linear probing). */
  #find(id: string, hash: number): number {
    const slots = this.#slots;
    const mask = this.#capacity - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const row = slots[slot * 2] as number;
      if (row === 0) return slot;
      if (slots[slot * 2 + 1] === hash && this.idOf(row - 1) === id) return slot;
    }
  }

  #grow(): void {
    const old = this.#slots;
    const mask = this.#capacity * 2 - 1;
    const slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      const row = old[at] as number;
      if (row === 0) continue;
      const hash = old[at + 1] as number;
      let slot = hash & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = row;
      slots[slot * 2 + 1] = hash;
    }
    this.#slots = slots;
  }
}

/** A power of two, as the probing's mask needs. */
const INITIAL_CAPACITY = 1024;

/**
 * FNV-1a over the id's length and its last HASHED_TAIL code units. Ids end in random
 * characters (a digest, a UUID, a counter), so the tail tells them apart; reading every
 * character of a million 44-character ids took 0.24 s of the index's start-up. Ids that
 * differ only before their tail share a hash and cost a longer probe, never a wrong row:
 * a hit is confirmed on the whole id.
 */
function hashOf(text: string): number {
  let hash = 0x811c9dc5 ^ text.length;
  for (let at = Math.max(0, text.length - HASHED_TAIL); at < text.length; at += 1) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  // Mixes the high bits down, since the mask keeps only the low ones.
  return (hash ^ (hash >>> 15)) | 0;
}

const HASHED_TAIL = 16;
