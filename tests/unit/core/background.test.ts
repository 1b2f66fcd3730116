import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { finishInTurns, inSlices, sliced } from '../../../electron/core/background';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Turns of the event loop, ref'd, until `done`; each turn leaves a mark in `order`. */
async function turnsUntil(done: () => boolean, order: string[]): Promise<void> {
  while (!done()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    order.push('turn');
  }
}

describe('work in slices', () => {
  it('runs one slice per turn of the event loop, the works taking turns', async () => {
    const order: string[] = [];
    let first = 0;
    let second = 0;
    inSlices(() => {
      order.push(`first ${first}`);
      first += 1;
      return first === 3;
    });
    inSlices(() => {
      order.push(`second ${second}`);
      second += 1;
      return second === 2;
    });
    await turnsUntil(() => first === 3 && second === 2, order);
    const slices = order.filter((entry) => entry !== 'turn');
    expect(slices).toEqual(['first 0', 'second 0', 'first 1', 'second 1', 'first 2']);
    // Whatever else waits on the loop (a request, here a turn) goes between two slices.
    order.forEach((entry, at) => {
      if (entry !== 'turn') expect(order[at + 1] ?? 'turn').toBe('turn');
    });
  });

  it('runs the work the first screen needs before any other', async () => {
    const order: string[] = [];
    let later = 0;
    let first = 0;
    inSlices(() => {
      order.push('later');
      later += 1;
      return later === 2;
    });
    inSlices(() => {
      order.push('first');
      first += 1;
      return first === 2;
    }, 'first');
    await turnsUntil(() => later === 2, order);
    expect(order.filter((entry) => entry !== 'turn')).toEqual(['first', 'first', 'later', 'later']);
  });

  it('stops only the work whose slice throws', async () => {
    const order: string[] = [];
    let other = 0;
    inSlices(() => {
      throw new Error('broken index');
    });
    inSlices(() => {
      other += 1;
      return other === 3;
    });
    await turnsUntil(() => other === 3, order);
    expect(other).toBe(3);
  });
});

describe('awaited work in slices', () => {
  it('settles when its last slice is done, after the work the first screen needs', async () => {
    const order: string[] = [];
    let awaitedSlices = 0;
    let firstSlices = 0;
    const done = sliced(() => {
      order.push('awaited');
      awaitedSlices += 1;
      return awaitedSlices === 3;
    });
    inSlices(() => {
      order.push('first');
      firstSlices += 1;
      return firstSlices === 2;
    }, 'first');
    await done;
    order.push('settled');
    expect(order).toEqual(['first', 'first', 'awaited', 'awaited', 'awaited', 'settled']);
  });

  it("finishes a request's work after the first screen's, before the rest", async () => {
    const order: string[] = [];
    const counter = (name: string, slices: number) => {
      let done = 0;
      return () => {
        order.push(name);
        done += 1;
        return done >= slices;
      };
    };
    inSlices(counter('later', 2));
    inSlices(counter('first', 2), 'first');
    // Its first step runs at once (a warm index answers in the same turn), the rest queue.
    const asked = finishInTurns(counter('asked', 3));
    const rest = sliced(counter('after', 1));
    await Promise.all([asked, rest]);
    expect(order).toEqual(['asked', 'first', 'first', 'asked', 'asked', 'later', 'after']);
  });

  it('rejects with what a slice throws, and the other work goes on', async () => {
    let other = 0;
    const otherDone = sliced(() => {
      other += 1;
      return other === 4;
    });
    await expect(
      sliced(() => {
        throw new Error('forecast broke');
      }),
    ).rejects.toThrow('forecast broke');
    await otherDone;
    expect(other).toBe(4);
  });

  it('keeps a process that only awaits it alive until it is done', async () => {
    // Background slices alone let a process exit; one awaiting its work must not.
    const background = pathToModule('electron/core/background.ts');
    const script = [
      `import { inSlices, sliced } from ${JSON.stringify(background)};`,
      'let turns = 0;',
      'inSlices(() => false);',
      'await sliced(() => ++turns === 50);',
      'console.log(`done after ${turns} slices`);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: repositoryRoot },
    );
    expect(stdout.trim()).toBe('done after 50 slices');
  });
});

function pathToModule(path: string): string {
  return new URL(path, new URL('../../../', import.meta.url)).href;
}
