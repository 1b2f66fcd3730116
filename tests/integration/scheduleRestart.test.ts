import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
  type MoneyCore,
} from '../support/moneyCore';
import { ManualClock } from '../support/manualClock';

/**
 * Exactly once across a restart inside the hour New York repeats when clocks go back
 * (01:00-02:00 on Nov 1, 2026, first as EDT then as EST). A daily 01:30 run is the first
 * 01:30 (05:30Z), whichever process computes it: the money path's clock is injected, and
 * the process's real clock (which luxon used to consult for such times) is set to a
 * different season for each process, as a restart months apart in real time would be.
 */

const WINTER = '2027-01-15T12:00:00.000Z';
const SUMMER = '2027-07-15T12:00:00.000Z';
const RUN = '2026-11-01T05:30:00.000Z'; // 01:30 EDT, the first of the two 01:30s

const folders: { remove(): void }[] = [];
let current: MoneyCore | undefined;
afterEach(async () => {
  await current?.core.close();
  current = undefined;
  vi.useRealTimers();
  for (const folder of folders.splice(0)) folder.remove();
});

/** Opens the core over `dataDir` at `now`, with the process's real clock in `season`. */
async function start(dataDir: string, now: string, season: string): Promise<MoneyCore> {
  await current?.core.close();
  vi.useRealTimers();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(season) });
  current = await openMoneyCore({ dataDir, clock: new ManualClock(now) });
  return current;
}

async function dailyAtHalfPastOne(season: string) {
  const folder = moneyFolder();
  folders.push(folder);
  const money = await withoutUndoWindow(
    await start(folder.path, '2026-10-30T16:00:00.000Z', season),
  );
  await money.call('settings:update', { missedRunPolicy: 'catch_up' });
  const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every day at 1:30am');
  expect(payment.nextRunAt).toBe('2026-10-31T05:30:00.000Z');
  return { folder, payment };
}

function at(money: MoneyCore, instant: string) {
  money.clock.advance(Date.parse(instant) - money.clock.now().getTime());
}

async function paidRuns(money: MoneyCore, paymentId: string) {
  const { executions } = await money.call('payments:get', { id: paymentId });
  return executions.map((execution) => execution.occurrenceAt).sort();
}

describe('a daily 01:30 payment across the repeated hour', () => {
  it('pays the first 01:30 once when the app restarts inside the repeated hour', async () => {
    const { folder, payment } = await dailyAtHalfPastOne(WINTER);
    let money = current!;
    at(money, '2026-10-31T05:30:02.000Z');
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    at(money, '2026-11-01T05:40:00.000Z'); // 01:40 EDT
    const first = await money.call('scheduler:tick', {});
    expect(first.executed.map((run) => run.occurrenceAt)).toEqual([RUN]);

    // Restarted at 01:10 EST, the second pass through the hour, in another season.
    money = await start(folder.path, '2026-11-01T06:10:00.000Z', SUMMER);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    at(money, '2026-11-01T06:40:00.000Z'); // 01:40 EST
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const { payment: row } = await money.call('payments:get', { id: payment.id });
    expect(row.nextRunAt).toBe('2026-11-02T06:30:00.000Z'); // 01:30 EST
    expect(await paidRuns(money, payment.id)).toEqual(['2026-10-31T05:30:00.000Z', RUN]);
  });

  it('catches up the first 01:30 once when the app was closed through it', async () => {
    const { folder, payment } = await dailyAtHalfPastOne(SUMMER);
    let money = current!;
    at(money, '2026-10-31T05:30:02.000Z');
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    at(money, '2026-11-01T05:20:00.000Z'); // 01:20 EDT: closed before the run
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);

    // Opened again at 01:40 EST: the run at 01:30 EDT passed 70 minutes ago.
    money = await start(folder.path, '2026-11-01T06:40:00.000Z', WINTER);
    const caughtUp = await money.call('scheduler:tick', {});
    expect(caughtUp.executed.map((run) => run.occurrenceAt)).toEqual([RUN]);
    // And once more, still inside the repeated hour: nothing is paid again.
    money = await start(folder.path, '2026-11-01T06:50:00.000Z', SUMMER);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    expect(await paidRuns(money, payment.id)).toEqual(['2026-10-31T05:30:00.000Z', RUN]);
    at(money, '2026-11-02T06:30:02.000Z');
    const next = await money.call('scheduler:tick', {});
    expect(next.executed.map((run) => run.occurrenceAt)).toEqual(['2026-11-02T06:30:00.000Z']);
  });
});
