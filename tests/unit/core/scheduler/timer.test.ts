import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTicking, type Ticking } from '../../../../electron/core/scheduler/timer';

/**
 * The heartbeat on fake timers: the test moves time, nothing really waits. `performance`
 * is faked too, since the timer measures its pending wait on the monotonic clock.
 */
describe('startTicking', () => {
  let ticking: Ticking | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(async () => {
    await ticking?.stop();
    ticking = undefined;
    vi.useRealTimers();
  });

  function start(dueIn: () => number | undefined) {
    const ticks: number[] = [];
    ticking = startTicking(
      async () => {
        ticks.push(performance.now());
      },
      5000,
      (error) => {
        throw error;
      },
      dueIn,
    );
    return ticks;
  }

  it('ticks every interval when nothing falls due sooner', async () => {
    const ticks = start(() => undefined);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ticks).toHaveLength(3);
  });

  it('wakes when the next undo window closes, not a whole interval later', async () => {
    let wait: number | undefined = 1200;
    const ticks = start(() => wait);
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toHaveLength(1);
    wait = undefined;
    await vi.advanceTimersByTimeAsync(1199);
    expect(ticks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toHaveLength(2);
    // Nothing more waiting: back to the interval.
    await vi.advanceTimersByTimeAsync(4999);
    expect(ticks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toHaveLength(3);
  });

  it('wakeWithin brings the next tick forward, and never pushes it back', async () => {
    const ticks = start(() => undefined);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toHaveLength(1);
    ticking?.wakeWithin(2000);
    ticking?.wakeWithin(3500);
    await vi.advanceTimersByTimeAsync(1999);
    expect(ticks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toHaveLength(2);
  });
});
