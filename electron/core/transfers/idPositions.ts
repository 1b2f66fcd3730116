/**
 * Row numbers by id, in an open-addressed table of typed arrays. A history index meets a
 * million ids at start-up, each a fresh string from JSON.parse; a Map of them spent about
 * 0.6 s hashing and re-hashing as it grew (measured at 1M transfers), while this table
 * hashes each id once, allocates nothing per id and keeps its slots side by side. The ids
 * themselves stay where they are: the table asks `idOf` for a row's id to confirm a hit.
 */
export class IdPositions {
  /** Row number + 1 per slot; 0 is an empty slot. */
  #slots = new Int32Array(INITIAL_CAPACITY);
  /** Each slot's id hash, so most probes that miss never read an id. */
  #hashes = new Int32Array(INITIAL_CAPACITY);
  #size = 0;

  constructor(private readonly idOf: (row: number) => string) {}

  get size(): number {
    return this.#size;
  }

  /** The row filed under `id`, or -1. */
  get(id: string): number {
    const slot = this.#find(id, hashOf(id));
    const row = this.#slots[slot] as number;
    return row === 0 ? -1 : row - 1;
  }

  /** The row filed under `id`; when there is none, files `row` under it and answers -1. */
  getOrAdd(id: string, row: number): number {
    const hash = hashOf(id);
    let slot = this.#find(id, hash);
    const known = this.#slots[slot] as number;
    if (known !== 0) return known - 1;
    // At most half full, so a probe for an absent id ends soon.
    if ((this.#size + 1) * 2 > this.#slots.length) {
      this.#grow();
      slot = this.#find(id, hash);
    }
    this.#slots[slot] = row + 1;
    this.#hashes[slot] = hash;
    this.#size += 1;
    return -1;
  }

  /** Makes room for `count` ids in all, so a table filled from a known journal grows once. */
  reserve(count: number): void {
    while (count * 2 > this.#slots.length) this.#grow();
  }

  clear(): void {
    this.#slots = new Int32Array(INITIAL_CAPACITY);
    this.#hashes = new Int32Array(INITIAL_CAPACITY);
    this.#size = 0;
  }

  /** The slot holding `id`, or the empty slot where it would go (linear probing). */
  #find(id: string, hash: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const row = this.#slots[slot] as number;
      if (row === 0) return slot;
      if (this.#hashes[slot] === hash && this.idOf(row - 1) === id) return slot;
    }
  }

  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    const capacity = slots.length * 2;
    const mask = capacity - 1;
    this.#slots = new Int32Array(capacity);
    this.#hashes = new Int32Array(capacity);
    for (let old = 0; old < slots.length; old += 1) {
      const row = slots[old] as number;
      if (row === 0) continue;
      const hash = hashes[old] as number;
      let slot = hash & mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
      this.#slots[slot] = row;
      this.#hashes[slot] = hash;
    }
  }
}

/** A power of two, as the probing's mask needs. */
const INITIAL_CAPACITY = 1024;

/** FNV-1a over the UTF-16 code units: cheap, and spreads ids that differ in any character. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < text.length; at += 1) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  // Mixes the high bits down, since the mask keeps only the low ones.
  return (hash ^ (hash >>> 15)) | 0;
}
