import type { Clock } from '../clock';

/**
 * Download speed for progress bars: bytes per second over the last few seconds, so one
 * slow chunk doesn't make the estimate jump.
 */
export class ThroughputMeter {
  readonly #samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 5_000,
  ) {}

  /** Records the running byte count and returns the current speed in bytes per second. */
  record(bytes: number): number {
    const at = this.clock.now().getTime();
    this.#samples.push({ at, bytes });
    while (this.#samples.length > 2 && at - (this.#samples[0]?.at ?? at) > this.windowMs) {
      this.#samples.shift();
    }
    const first = this.#samples[0];
    if (!first || at <= first.at) return 0;
    return ((bytes - first.bytes) * 1000) / (at - first.at);
  }
}
