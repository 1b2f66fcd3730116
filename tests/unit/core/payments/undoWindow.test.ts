import { afterEach, describe, expect, it } from 'vitest';
import type { MoneyPathOptions } from '../../../../electron/core/moneyPath';
import { ManualClock } from '../../../support/manualClock';
import {
  configWith,
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  type MoneyCore,
} from '../../../support/moneyCore';

type Pause = NonNullable<MoneyPathOptions['pause']>;

const folders: { path: string; remove(): void }[] = [];
const cores: MoneyCore[] = [];
afterEach(async () => {
  for (const money of cores.splice(0)) await money.core.close().catch(() => undefined);
  for (const folder of folders.splice(0)) folder.remove();
});

const START = '2026-11-02T14:00:00.000Z';
const SECOND = 1000;

async function open(
  options: { dataDir?: string; clock?: ManualClock; pause?: Pause; configPath?: string } = {},
) {
  let dataDir = options.dataDir;
  if (!dataDir) {
    const folder = moneyFolder();
    folders.push(folder);
    dataDir = folder.path;
  }
  const money = await openMoneyCore({
    dataDir,
    clock: options.clock ?? new ManualClock(START),
    ...(options.pause ? { pause: options.pause } : {}),
    ...(options.configPath ? { configPath: options.configPath } : {}),
  });
  cores.push(money);
  return money;
}

/** Pays User Two once (after its window), so the Guardian trusts them for small sums. */
async function trustUserTwo(money: MoneyCore) {
  const first = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
  money.clock.advance(Date.parse(first.undoUntil ?? '') - money.clock.now().getTime());
  expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
}

/** A second small payment to User Two: approved without a dialog. */
async function approvedPayment(money: MoneyCore) {
  const result = await money.call('commands:run', { text: 'Pay User Two 4 USDC' });
  expect(result.decision.outcome).toBe('approved');
  // The reply says what the money does: nothing yet, and it can be undone.
  expect(result.decision.reply).toContain('Nothing is paid yet: it is sent in');
  if (!result.payment) throw new Error('no payment');
  return result.payment;
}

async function userTwoBalance(money: MoneyCore) {
  const { balances } = await money.call('balance:get', { userId: 'user2' });
  return balances.find((entry) => entry.currency === 'USDC')?.amount;
}

describe('the undo window', () => {
  it('holds an approved payment for the default 10 s: a tick inside it pays nothing, then it runs once', async () => {
    const money = await open();
    await trustUserTwo(money);
    const opened = money.clock.now().getTime();
    const payment = await approvedPayment(money);
    const until = new Date(opened + 10 * SECOND).toISOString();
    expect(payment).toMatchObject({ status: 'scheduled', nextRunAt: until, undoUntil: until });
    const before = await userTwoBalance(money);

    money.clock.advance(10 * SECOND - 1);
    expect(await money.call('scheduler:tick', {})).toMatchObject({ executed: [], missed: [] });
    expect((await money.call('payments:get', { id: payment.id })).executions).toEqual([]);
    expect(await userTwoBalance(money)).toBe(before);

    money.clock.advance(1);
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed).toEqual([
      expect.objectContaining({ paymentId: payment.id, occurrenceAt: until }),
    ]);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const detail = await money.call('payments:get', { id: payment.id });
    expect(detail.payment.status).toBe('executed');
    expect(detail.executions).toHaveLength(1);
    expect([before, await userTwoBalance(money)]).toEqual(['803', '807']);
  });

  it('says so in an in-app notice, for an approved and for a confirmed payment', async () => {
    const money = await open();
    const seen: string[] = [];
    money.core.on('notification:created', ({ notification }) => {
      if (notification.kind === 'undo_window') seen.push(notification.paymentId ?? '');
    });
    const first = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    money.clock.advance(10 * SECOND);
    await money.call('scheduler:tick', {});
    const second = await approvedPayment(money);
    expect(seen).toEqual([first.id, second.id]);
  });

  it('Undo inside the window cancels with nothing paid, and nothing runs after it', async () => {
    const money = await open();
    await trustUserTwo(money);
    const payment = await approvedPayment(money);
    const before = await userTwoBalance(money);
    money.clock.advance(5 * SECOND);
    const { payment: undone } = await money.call('payments:undo', { id: payment.id });
    expect(undone).toMatchObject({ status: 'cancelled', nextRunAt: null });
    // A second Undo (a double click) finds it undone already.
    expect((await money.call('payments:undo', { id: payment.id })).payment.status).toBe(
      'cancelled',
    );
    money.clock.advance(60 * SECOND);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    expect((await money.call('payments:get', { id: payment.id })).executions).toEqual([]);
    expect(await userTwoBalance(money)).toBe(before);
  });

  it('Undo after the window run was skipped still cancels: a skipped run moved no money', async () => {
    // Five seconds before 9:00 in New York: the first run falls inside the window.
    const money = await open({ clock: new ManualClock('2026-11-02T13:59:55.000Z') });
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every day at 9am');
    expect(payment.undoUntil).toBeDefined();
    expect(payment.nextRunAt).toBe(payment.undoUntil);
    const { payment: skipped } = await money.call('payments:skip', { id: payment.id });
    expect(skipped.nextRunAt).not.toBe(payment.undoUntil);
    const { payment: undone } = await money.call('payments:undo', { id: payment.id });
    expect(undone).toMatchObject({ status: 'cancelled', nextRunAt: null });
    const { executions } = await money.call('payments:get', { id: payment.id });
    expect(executions).toMatchObject([{ status: 'skipped', occurrenceAt: payment.undoUntil }]);
  });

  it('Undo after the run has started refuses with already_started and changes nothing', async () => {
    let reached: () => void = () => undefined;
    const atStarted = new Promise<void>((resolve) => (reached = resolve));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    const money = await open({
      pause: async (point) => {
        if (point !== 'after_started' || !holding) return;
        reached();
        await gate;
      },
    });
    await trustUserTwo(money);
    const payment = await approvedPayment(money);
    money.clock.advance(10 * SECOND);
    holding = true;
    const tick = money.call('scheduler:tick', {});
    await atStarted;
    // The run's `started` line is durable and the transfer is about to go: Undo now must
    // wait for the tick and then refuse, never report a cancel while money moves.
    const undo = money.fail('payments:undo', { id: payment.id });
    release();
    expect((await tick).executed).toHaveLength(1);
    expect(await undo).toMatchObject({
      code: 'already_started',
      message: expect.stringContaining('can no longer be undone'),
    });
    expect((await money.call('payments:get', { id: payment.id })).payment.status).toBe('executed');
  });

  it('keeps the due time across a restart inside the window', async () => {
    const folder = moneyFolder();
    folders.push(folder);
    const clock = new ManualClock(START);
    const money = await open({ dataDir: folder.path, clock });
    await trustUserTwo(money);
    const payment = await approvedPayment(money);
    await money.core.close();
    cores.splice(cores.indexOf(money), 1);

    clock.advance(5 * SECOND);
    const reopened = await open({ dataDir: folder.path, clock });
    expect((await reopened.call('payments:get', { id: payment.id })).payment).toMatchObject({
      nextRunAt: payment.undoUntil,
      undoUntil: payment.undoUntil,
    });
    expect((await reopened.call('scheduler:tick', {})).executed).toEqual([]);
    clock.advance(5 * SECOND);
    expect((await reopened.call('scheduler:tick', {})).executed).toEqual([
      expect.objectContaining({ paymentId: payment.id, occurrenceAt: payment.undoUntil }),
    ]);
  });

  it('is never "missed" for waiting: lateness counts from the end of the window', async () => {
    // The longest window (300 s) with a 60 s missed threshold: 301 s after approval the
    // run is only 1 s late.
    const folder = moneyFolder();
    folders.push(folder);
    const configPath = configWith(folder.path, (config) => {
      config.scheduler.missedAfterSeconds = 60;
    });
    const money = await open({ dataDir: folder.path, configPath });
    await money.call('settings:update', { undoSeconds: 300 });
    const payment = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    expect(payment.undoUntil).toBe('2026-11-02T14:05:00.000Z');
    money.clock.advance(299 * SECOND);
    expect(await money.call('scheduler:tick', {})).toMatchObject({ executed: [], missed: [] });
    money.clock.advance(2 * SECOND);
    expect(await money.call('scheduler:tick', {})).toMatchObject({
      executed: [expect.objectContaining({ paymentId: payment.id })],
      missed: [],
    });
  });

  it('adds no wait to a payment that already runs later, and none when the setting is 0', async () => {
    const money = await open();
    const later = await proposeAndConfirm(money, 'Pay User Two 3 USDC tomorrow at 9am');
    expect(later.undoUntil).toBeUndefined();
    expect(later.nextRunAt).toBe('2026-11-03T14:00:00.000Z');
    expect(await money.fail('payments:undo', { id: later.id })).toMatchObject({
      code: 'conflict',
    });

    await money.call('settings:update', { undoSeconds: 0 });
    const now = await proposeAndConfirm(money, 'Pay User Two 4 USDC');
    expect(now).toMatchObject({ nextRunAt: START });
    expect(now.undoUntil).toBeUndefined();
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
  });

  it('refuses an undo window outside 0..300 seconds and keeps the old value', async () => {
    const money = await open();
    for (const undoSeconds of [-1, 301, 2.5]) {
      expect(await money.fail('settings:update', { undoSeconds })).toMatchObject({
        code: 'invalid_input',
      });
    }
    expect((await money.call('settings:get', {})).undoSeconds).toBe(10);
  });

  it('holds a one-off resumed after its time for the window too, and says so', async () => {
    const money = await open();
    await trustUserTwo(money);
    const payment = await money.call('commands:run', {
      text: 'Pay User Two 4 USDC in 2 hours',
    });
    const id = payment.payment?.id ?? expect.fail('no payment');
    await money.call('payments:pause', { id });
    money.clock.advance(3 * 60 * 60 * SECOND);
    const notices: string[] = [];
    const stop = money.core.on('notification:created', ({ notification }) => {
      if (notification.kind === 'undo_window') notices.push(notification.paymentId ?? '');
    });
    const { payment: resumed } = await money.call('payments:resume', { id });
    stop();
    const now = money.clock.now().getTime();
    expect(resumed.nextRunAt).toBe(new Date(now + 10 * SECOND).toISOString());
    expect(resumed.undoUntil).toBe(resumed.nextRunAt);
    expect(notices).toEqual([id]);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    money.clock.advance(10 * SECOND);
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
  });
});
