/**
 * Runs at most `limit` of the tasks given to it at once; the others wait their turn, in
 * the order given. A finished task hands its place straight to the next one, so the limit
 * holds even while a waiting task is being woken.
 */
export function concurrencyLimit(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
