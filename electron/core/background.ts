/**
 * Work waiting for its next slice, in turn: all of `first` (what the first screen needs),
 * then what a waiting request asked for, then the rest.
 */
const queues = {
  first: [] as (() => boolean)[],
  asked: [] as (() => boolean)[],
  later: [] as (() => boolean)[],
};
type Turn = keyof typeof queues;
const TURNS = ['first', 'asked', 'later'] as const satisfies readonly Turn[];
/** The turn that runs the next slice, while one is scheduled. */
let pending: NodeJS.Immediate | undefined;
/** Queued works someone awaits (see sliced): while any remain, turns keep the process alive. */
let awaited = 0;

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

/**
 * inSlices for work a caller awaits: settles once `slice` returns true, or with what it
 * throws. Its turns keep the process alive until then, so a one-shot CLI command that
 * awaits it finishes it rather than exiting with the work half done.
 */
export function sliced(slice: () => boolean, turn: Turn = 'later'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    awaited += 1;
    inSlices(() => {
      try {
        if (!slice()) return false;
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
      awaited -= 1;
      return true;
    }, turn);
    pending?.ref();
  });
}

/**
 * Finishes `step` (called until it returns true) for a request that needs what a warm-up
 * has not done yet: ahead of other background work, but after what the first screen
 * needs. Answered at once, the rest of a large outbox or forecast held the history's
 * first page for up to half a second.
 */
export async function finishInTurns(step: () => boolean): Promise<void> {
  // Once warm, one call says so and the request goes on in the same turn.
  if (step()) return;
  await sliced(step, 'asked');
}

function schedule(): void {
  if (pending || TURNS.every((turn) => queues[turn].length === 0)) return;
  pending = setImmediate(runNext);
  if (awaited === 0) pending.unref();
}

function runNext(): void {
  pending = undefined;
  const turn = TURNS.find((candidate) => queues[candidate].length > 0) ?? 'later';
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
