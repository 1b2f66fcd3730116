import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/createCore';
import { eventually } from '../support/eventually';
import { configWith, moneyFolder } from '../support/moneyCore';

/**
 * The background scheduler on the real clock wakes when an undo window closes: with the
 * regular tick an hour away, a confirmed payment with a 1-second window is paid about a
 * second later, never before its window ends, without anyone asking for a tick.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function call<T>(core: Core, name: Parameters<Core['invoke']>[0], input: unknown) {
  const result = await core.invoke(name, input as never);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

describe('the scheduler timer and the undo window', () => {
  it('runs the payment when its window closes, not at the next regular tick', async () => {
    const folder = moneyFolder();
    cleanups.push(() => folder.remove());
    const configPath = configWith(folder.path, (config) => {
      config.scheduler.tickSeconds = 3600;
    });
    const core = await openCore({
      dataDir: folder.path,
      owner: 'an undo window timer test',
      configPath,
      runScheduler: true,
      log: () => undefined,
    });
    cleanups.push(() => core.close());
    await call(core, 'settings:update', { undoSeconds: 1 });
    const proposed = await call<any>(core, 'commands:run', { text: 'Pay User Two 3 USDC' });
    const { payment } = await call<any>(core, 'payments:confirm', { id: proposed.payment.id });
    expect(payment.undoUntil).toBe(payment.nextRunAt);

    const executions = async () =>
      (await call<any>(core, 'payments:get', { id: payment.id })).executions as any[];
    // Its `started` line comes first, its result a moment later.
    await eventually(
      async () => (await executions()).some((execution) => execution.status !== 'started'),
      'the run after the window',
    );
    const [run] = await executions();
    expect(run).toMatchObject({ occurrenceAt: payment.undoUntil, status: 'succeeded' });
    expect(run.startedAt >= payment.undoUntil).toBe(true);
  });
});
