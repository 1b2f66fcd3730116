/** Work waiting for its next slice, in turn: all of `first` before any of `later`. */
const queues = { first: [] as (() => boolean)[], later: [] as (() => boolean)[] };
type Turn = keyof typeof queues;
let scheduled = false;

/**
 * Runs `slice` once per turn of the event loop until it returns true, so work left after
 * start-up (building an index over a large history) never makes a request wait behind all
 * of it. Every such work shares one queue and one slice runs per turn: several indexes
 * warming at once still leave requests a turn between any two slices, not between rounds
 * of all of them. Work queued as `first` (what the first screen needs) goes before any
 * `later` work. Unref'd: it never keeps a one-shot CLI command alive. A slice that throws
 * stops that work; its owner reports the failure when it is next used.
 */
export function inSlices(slice: () => boolean, turn: Turn = 'later'): void {
  queues[turn].push(slice);
  schedule();
}

function schedule(): void {
  if (scheduled || (queues.first.length === 0 && queues.later.length === 0)) return;
  scheduled = true;
  setImmediate(runNext).unref();
}

function runNext(): void {
  scheduled = false;
  const turn: Turn = queues.first.length > 0 ? 'first' : 'later';
  const slice = queues[turn].shift();
  if (slice) {
    let done = true;
    try {
      done = slice();
    } catch {
      // Reported by the next use (see above), which is where someone is waiting.
    }
    if (!done) queues[turn].push(slice);
  }
  schedule();
}
