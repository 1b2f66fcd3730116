/**
 * Band-limited resampling (windowed sinc), shared by the renderer, which turns the
 * microphone's 44.1/48 kHz into the 16 kHz the speech engines take, and the core, which
 * converts WAV files. Dropping or interpolating samples would fold everything between
 * 8 kHz and the input's Nyquist frequency (sibilants, fan noise) back into the speech band
 * as aliases; a low-pass filter first removes it.
 */

/** The pass band ends here, a little under the output's Nyquist frequency (8 kHz at 16 kHz). */
const PASS_FRACTION = 0.875;
/** Width of the filter's transition band; narrower costs more taps. */
const TRANSITION_HZ = 1_000;
/** Distinct fractional positions kept in the kernel table; more are rounded to the nearest. */
const MAX_PHASES = 4_096;

/**
 * Resamples `samples` from `from` Hz to `to` Hz. The output has `round(length * to / from)`
 * samples, always within [-1, 1]; a constant signal keeps its level, and content above the lower rate's Nyquist
 * frequency is attenuated by about 70 dB instead of aliasing.
 */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const resampler = new Resampler(from, to);
  return concatenate([resampler.push(samples), resampler.finish()]);
}

/**
 * The same resampling, fed in pieces as audio arrives, so a recording's filtering is done
 * while it is made rather than all at once when it stops. Pushing the pieces of a signal
 * and then calling `finish` gives exactly what `resample` gives for the whole.
 */
export class Resampler {
  readonly #step: number;
  readonly #kernel: Kernel | undefined;
  /** Input not yet needed by every output, starting at absolute index #start. */
  #pending = new Float32Array(0);
  #start = 0;
  #received = 0;
  #produced = 0;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    this.#step = from / to;
    this.#kernel = from === to ? undefined : kernelFor(from, to);
  }

  /** Takes the next piece of input; returns the output it completes. */
  push(chunk: Float32Array): Float32Array {
    this.#received += chunk.length;
    if (!this.#kernel) {
      this.#produced += chunk.length;
      return chunk.slice();
    }
    const pending = new Float32Array(this.#pending.length + chunk.length);
    pending.set(this.#pending);
    pending.set(chunk, this.#pending.length);
    this.#pending = pending;
    return this.#drain(false);
  }

  /** Ends the input (as if followed by silence); returns the rest of the output. */
  finish(): Float32Array {
    return this.#kernel ? this.#drain(true) : new Float32Array(0);
  }

  #drain(final: boolean): Float32Array {
    const { halfWidth, phases, weights } = this.#kernel as Kernel;
    const taps = halfWidth * 2;
    const end = final ? Math.round((this.#received * this.to) / this.from) : Infinity;
    const output: number[] = [];
    for (; this.#produced < end; this.#produced += 1) {
      const position = this.#produced * this.#step;
      let left = Math.floor(position);
      let phase = Math.round((position - left) * phases);
      if (phase === phases) {
        left += 1;
        phase = 0;
      }
      // Until the input ends, wait for every sample this output's window reaches.
      if (!final && left + halfWidth >= this.#received) break;
      const base = phase * taps;
      const first = left - halfWidth + 1;
      let sum = 0;
      for (let tap = 0; tap < taps; tap += 1) {
        const at = first + tap;
        if (at >= 0 && at < this.#received) {
          sum += (this.#pending[at - this.#start] ?? 0) * (weights[base + tap] ?? 0);
        }
      }
      // A sinc filter rings past a sharp edge (Gibbs): clipped input overshoots full scale by
      // a few per cent, and the core refuses samples outside [-1, 1] as garbled.
      output.push(Math.max(-1, Math.min(1, sum)));
    }
    // Keep only what the next output's window can still reach.
    const keepFrom = Math.max(this.#start, Math.floor(this.#produced * this.#step) - halfWidth);
    this.#pending = this.#pending.slice(keepFrom - this.#start);
    this.#start = keepFrom;
    return Float32Array.from(output);
  }
}

/** Joins pieces of audio into one array. */
export function concatenate(pieces: readonly Float32Array[]): Float32Array {
  const joined = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}

interface Kernel {
  halfWidth: number;
  phases: number;
  /** `phases` rows of `2 * halfWidth` weights, each row summing to 1. */
  weights: Float32Array;
}

const kernels = new Map<string, Kernel>();

function kernelFor(from: number, to: number): Kernel {
  const key = `${from}>${to}`;
  const known = kernels.get(key);
  if (known) return known;
  // Cutoff in cycles per input sample; for upsampling the input's own band is the limit.
  const cutoff = (Math.min(from, to) / 2) * PASS_FRACTION;
  const normalised = cutoff / from;
  // A Blackman window's transition band is about 5.5 / taps cycles per sample.
  const halfWidth = Math.max(8, Math.ceil((5.5 * from) / TRANSITION_HZ / 2));
  const divisor = greatestCommonDivisor(from, to);
  // With the exact number of phases (to / gcd), every output lands on a table row.
  const phases = Math.min(MAX_PHASES, Math.round(to / divisor));
  const taps = halfWidth * 2;
  const weights = new Float32Array(phases * taps);
  for (let phase = 0; phase < phases; phase += 1) {
    const fraction = phase / phases;
    let total = 0;
    for (let tap = 0; tap < taps; tap += 1) {
      // Distance from the output position to input sample (left - halfWidth + 1 + tap).
      const distance = tap - halfWidth + 1 - fraction;
      const value = sinc(2 * normalised * distance) * blackman(distance / halfWidth);
      weights[phase * taps + tap] = value;
      total += value;
    }
    for (let tap = 0; tap < taps; tap += 1) weights[phase * taps + tap]! /= total;
  }
  const kernel = { halfWidth, phases, weights };
  kernels.set(key, kernel);
  return kernel;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const angle = Math.PI * x;
  return Math.sin(angle) / angle;
}

/** The Blackman window over [-1, 1]; zero outside. */
function blackman(x: number): number {
  if (x <= -1 || x >= 1) return 0;
  const angle = Math.PI * (x + 1);
  return 0.42 - 0.5 * Math.cos(angle) + 0.08 * Math.cos(2 * angle);
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = Math.round(Math.abs(a));
  let y = Math.round(Math.abs(b));
  while (y) [x, y] = [y, x % y];
  return x || 1;
}
