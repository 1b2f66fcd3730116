/** How hard one tick tries one occurrence before leaving it for the next tick. */
export interface RetryPolicy {
  /** Tries per tick, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Waits; injected so tests never really wait. */
export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

export type RetryResult<T> =
  { ok: true; value: T; tries: number } | { ok: false; error: unknown; tries: number };

/**
 * Runs `operation` until it succeeds, fails with an error `isTransient` rejects, or the
 * tries run out, waiting base * 2^(n-1) (capped) between tries. Never throws: the caller
 * decides what an exhausted or permanent failure means.
 */
export async function withRetries<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep,
  isTransient: (error: unknown) => boolean,
): Promise<RetryResult<T>> {
  for (let tries = 1; ; tries += 1) {
    try {
      return { ok: true, value: await operation(), tries };
    } catch (error) {
      if (!isTransient(error) || tries >= policy.attempts) return { ok: false, error, tries };
      await sleep(backoffDelay(policy, tries));
    }
  }
}

/** The wait after the nth failed try: doubling from the base, never above the cap. */
export function backoffDelay(policy: RetryPolicy, failedTries: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedTries - 1));
}
