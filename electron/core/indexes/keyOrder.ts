/**
 * Positions 0..count-1 sorted by (key, position): ties keep their original order.
 *
 * The indexes sort by whole numbers (milliseconds, minor units, ranks), so keys are
 * sorted by radix, 16 bits a pass, least significant first, each pass stable. At 1M rows
 * this takes a few passes over typed arrays instead of a comparator called some 20M times
 * (0.3 s at 1M transfers, measured). Other keys (an instant before 1970, an amount past
 * 2^53 minor units) go through the comparator sort, which gives the same order.
 */
export function keyOrder(keys: Float64Array, count: number, capacity = count): Int32Array {
  return toEnd(keyOrderSteps(keys, count, capacity));
}

/**
 * keyOrder a step at a time: it pauses after reading the keys and after each radix pass
 * (a few tens of milliseconds each at 1M rows), so a warm-up can sort across turns of
 * the event loop. The keys are read in the first step only.
 */
export function* keyOrderSteps(
  keys: Float64Array,
  count: number,
  capacity = count,
): Generator<void, Int32Array> {
  const order = new Int32Array(Math.max(capacity, count));
  for (let position = 0; position < count; position += 1) order[position] = position;
  if (count < 2) return order;
  if (!wholeKeys(keys, count)) {
    order
      .subarray(0, count)
      .sort((left, right) => (keys[left] as number) - (keys[right] as number) || left - right);
    return order;
  }
  const low = new Uint32Array(count);
  const high = new Uint32Array(count);
  for (let position = 0; position < count; position += 1) {
    const key = keys[position] as number;
    low[position] = key % 2 ** 32;
    high[position] = Math.floor(key / 2 ** 32);
  }
  let from = order;
  let to = new Int32Array(count);
  for (const [words, shift] of PASSES) {
    yield;
    const digits = words === 'low' ? low : high;
    if (!digitPass(digits, shift, from, to, count)) continue;
    [from, to] = [to, from];
  }
  if (from !== order) order.set(from.subarray(0, count));
  return order;
}

/** Runs `steps` to the end; what they return. */
export function toEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Least significant first: bits 0-15 and 16-31 of the low word, then of the high word. */
const PASSES = [
  ['low', 0],
  ['low', 16],
  ['high', 0],
  ['high', 16],
] as const;

const DIGITS = 1 << 16;

/**
 * One stable counting pass of `from` into `to` by the 16-bit digit at `shift`; false (and
 * `to` untouched) when every key has the same digit there, which leaves the order as it is.
 */
function digitPass(
  words: Uint32Array,
  shift: number,
  from: Int32Array,
  to: Int32Array,
  count: number,
): boolean {
  const starts = new Int32Array(DIGITS);
  for (let position = 0; position < count; position += 1) {
    const digit = ((words[position] as number) >>> shift) & 0xffff;
    starts[digit] = (starts[digit] as number) + 1;
  }
  let total = 0;
  for (let digit = 0; digit < DIGITS; digit += 1) {
    const size = starts[digit] as number;
    if (size === count) return false;
    starts[digit] = total;
    total += size;
  }
  for (let at = 0; at < count; at += 1) {
    const position = from[at] as number;
    const digit = ((words[position] as number) >>> shift) & 0xffff;
    const place = starts[digit] as number;
    to[place] = position;
    starts[digit] = place + 1;
  }
  return true;
}

function wholeKeys(keys: Float64Array, count: number): boolean {
  for (let position = 0; position < count; position += 1) {
    const key = keys[position] as number;
    if (!Number.isSafeInteger(key) || key < 0) return false;
  }
  return true;
}
