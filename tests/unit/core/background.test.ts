import { describe, expect, it } from 'vitest';
import { inSlices } from '../../../electron/core/background';

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
