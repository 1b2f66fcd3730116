/**
 * Runs `slice` once per turn of the event loop until it returns true, so work left after
 * start-up (building an index over a large history) never makes a request wait behind all
 * of it. Unref'd: it never keeps a one-shot CLI command alive. A slice that throws stops
 * the run; the work's owner reports the failure when it is next used.
 */
export function inSlices(slice: () => boolean): void {
  const step = () => {
    try {
      if (!slice()) setImmediate(step).unref();
    } catch {
      // Reported by the next use (see above), which is where someone is waiting.
    }
  };
  setImmediate(step).unref();
}
