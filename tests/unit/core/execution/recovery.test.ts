import { afterEach, describe, expect, it } from 'vitest';
import type { MoneyPathOptions } from '../../../../electron/core/moneyPath';
import { ManualClock } from '../../../support/manualClock';
import {
  crash,
  moneyFolder,
  openMoneyCore,
  withoutUndoWindow,
  proposeAndConfirm,
  type MoneyCore,
} from '../../../support/moneyCore';

const folders: { remove(): void }[] = [];
const cores: MoneyCore[] = [];
afterEach(async () => {
  // Abandoned cores are frozen on purpose; only the live ones are closed.
  for (const money of cores.splice(0)) await money.core.close().catch(() => undefined);
  for (const folder of folders.splice(0)) folder.remove();
});

type Pause = NonNullable<MoneyPathOptions['pause']>;

async function open(dataDir: string, clock: ManualClock, pause?: Pause) {
  // About crash recovery, so runs fall due at once (the undo window has its own tests).
  return withoutUndoWindow(await openMoneyCore({ dataDir, clock, ...(pause ? { pause } : {}) }));
}

/** A pause hook that freezes the tick forever at `point`: the process "dies" there. */
function freezeAt(point: Parameters<Pause>[0]): Pause & { frozen: boolean } {
  const pause = Object.assign(
    async (reached: Parameters<Pause>[0]) => {
      if (reached !== point) return;
      pause.frozen = true;
      await new Promise(() => undefined);
    },
    { frozen: false },
  );
  return pause;
}

async function setUp(pause?: Pause) {
  const folder = moneyFolder();
  folders.push(folder);
  const clock = new ManualClock('2026-11-02T14:00:00.000Z');
  const money = await open(folder.path, clock, pause);
  const first = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
  const second = await proposeAndConfirm(money, 'Pay Alice Chen 4 USDC');
  return { folder, clock, money, payments: [first, second] };
}

/** Runs a tick until `frozen` says it stopped for good, crashes, and reopens the folder. */
async function crashDuringTick(
  money: MoneyCore,
  clock: ManualClock,
  dataDir: string,
  frozen: () => boolean,
) {
  void money.core.invoke('scheduler:tick', {});
  while (!frozen()) await new Promise((resolve) => setTimeout(resolve, 5));
  crash(money);
  const reopened = await open(dataDir, clock);
  cores.push(reopened);
  return reopened;
}

async function state(money: MoneyCore, paymentIds: string[]) {
  const report = await money.call('system:validate', {});
  const details = await Promise.all(paymentIds.map((id) => money.call('payments:get', { id })));
  const balance = await money.call('balance:get', { userId: 'user1' });
  return {
    report,
    statuses: details.map((detail) => detail.payment.status),
    executions: details.flatMap((detail) => detail.executions),
    balance: balance.balances.find((entry) => entry.currency === 'USDC')?.amount,
  };
}

describe('crash recovery', () => {
  it('resubmits occurrences journaled `started` before the crash, paying each once', async () => {
    const pause = freezeAt('after_started');
    const { folder, clock, money, payments } = await setUp(pause);
    const reopened = await crashDuringTick(money, clock, folder.path, () => pause.frozen);
    const ids = payments.map((payment) => payment.id);
    const before = await state(reopened, ids);
    expect(before.executions.map((execution) => execution.status)).toEqual(['started', 'started']);
    expect(before.balance).toBe('5000');
    const tick = await reopened.call('scheduler:tick', {});
    expect(tick.executed).toHaveLength(2);
    const after = await state(reopened, ids);
    expect(after.statuses).toEqual(['executed', 'executed']);
    expect(after.balance).toBe('4993');
    expect(after.report).toMatchObject({ ok: true, problems: [] });
  });

  it('gets the original result back when the crash came after the connector committed', async () => {
    const { folder, clock, money, payments } = await setUp();
    money.faults.inject('hang_after_commit');
    const reopened = await crashDuringTick(
      money,
      clock,
      folder.path,
      () => money.faults.hung === 1,
    );
    const ids = payments.map((payment) => payment.id);
    // The money moved before the crash; the journal only knows it started.
    expect((await state(reopened, ids)).balance).toBe('4993');
    const tick = await reopened.call('scheduler:tick', {});
    expect(tick.executed).toHaveLength(2);
    const after = await state(reopened, ids);
    expect(after.balance).toBe('4993');
    expect(after.executions.map((execution) => execution.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(after.report.ok).toBe(true);
  });

  it('settles the ledger from the journal when the crash came before the ledger was saved', async () => {
    const pause = freezeAt('before_settle');
    const { folder, clock, money, payments } = await setUp(pause);
    const reopened = await crashDuringTick(money, clock, folder.path, () => pause.frozen);
    const ids = payments.map((payment) => payment.id);
    expect((await state(reopened, ids)).statuses).toEqual(['scheduled', 'scheduled']);
    const calls = reopened.faults.calls;
    const tick = await reopened.call('scheduler:tick', {});
    expect(tick.executed).toEqual([]);
    expect(reopened.faults.calls).toBe(calls);
    const after = await state(reopened, ids);
    expect(after.statuses).toEqual(['executed', 'executed']);
    expect(after.balance).toBe('4993');
    expect(after.report.ok).toBe(true);
  });

  it('a crash before anything was journaled loses nothing: the runs are still due', async () => {
    const { folder, clock, money, payments } = await setUp();
    money.faults.inject('hang_before_commit');
    const reopened = await crashDuringTick(
      money,
      clock,
      folder.path,
      () => money.faults.hung === 1,
    );
    const tick = await reopened.call('scheduler:tick', {});
    expect(tick.executed).toHaveLength(2);
    const after = await state(
      reopened,
      payments.map((payment) => payment.id),
    );
    expect(after.balance).toBe('4993');
  });
});
