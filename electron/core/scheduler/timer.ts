/** The running heartbeat. */
export interface Ticking {
  /**
   * Asks for a tick within `delayMs` (an undo window closing before the next regular
   * tick); a tick already due sooner, or running now, is left as it is.
   */
  wakeWithin(delayMs: number): void;
  stop(): Promise<void>;
}

/**
 * The scheduler's heartbeat: runs `tick` now and then every `intervalMs` after each one
 * finishes, so ticks never overlap; sooner when `dueIn` (read after each tick) or
 * `wakeWithin` says a payment falls due before that. This is the one place the money
 * path waits on real time; what a tick does depends only on the injected clock.
 */
export function startTicking(
  tick: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
  /** Milliseconds until the next payment known to fall due, if any. */
  dueIn: () => number | undefined = () => undefined,
): Ticking {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // When the pending timer fires, on the monotonic clock: a wall-clock jump can't move it.
  let timerAt = Infinity;
  let ticking = false;
  let running: Promise<void> = Promise.resolve();
  const arm = (delayMs: number) => {
    if (timer) clearTimeout(timer);
    const delay = Math.max(0, Math.min(intervalMs, delayMs));
    timerAt = performance.now() + delay;
    timer = setTimeout(loop, delay);
  };
  const loop = () => {
    if (stopped) return;
    timer = undefined;
    timerAt = Infinity;
    ticking = true;
    running = tick()
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        ticking = false;
        if (stopped) return;
        let next = intervalMs;
        try {
          next = dueIn() ?? intervalMs;
        } catch (error) {
          onError(error);
        }
        arm(next);
      });
  };
  loop();
  return {
    wakeWithin(delayMs) {
      // A running tick re-reads `dueIn` when it ends, which already sees this payment.
      if (stopped || ticking) return;
      if (performance.now() + delayMs < timerAt) arm(delayMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
