import { afterEach, describe, expect, it } from 'vitest';
import {
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
  withoutUndoWindow,
  type MoneyCore,
} from '../../../support/moneyCore';
import { ManualClock } from '../../../support/manualClock';

const opened: { money: MoneyCore; remove(): void }[] = [];
afterEach(async () => {
  for (const { money, remove } of opened.splice(0)) {
    await money.core.close();
    remove();
  }
});

async function open(start = '2026-11-02T14:00:00.000Z') {
  const folder = moneyFolder();
  const money = await openMoneyCore({ dataDir: folder.path, clock: new ManualClock(start) });
  opened.push({ money, remove: folder.remove });
  // These tests are about the tick; the undo window has its own tests.
  return withoutUndoWindow(money);
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function balance(money: MoneyCore, userId: string) {
  const { balances } = await money.call('balance:get', { userId });
  return balances.find((entry) => entry.currency === 'USDC')?.amount;
}

async function journal(money: MoneyCore, paymentId: string) {
  return (await money.call('payments:get', { id: paymentId })).executions;
}

async function notifications(money: MoneyCore, kind: string) {
  const seen: any[] = [];
  return {
    seen,
    stop: money.core.on('notification:created', ({ notification }) => {
      if (notification.kind === kind) seen.push(notification);
    }),
  };
}

describe('PaymentScheduler', () => {
  it('executes a due one-off exactly once and settles it', async () => {
    const money = await open();
    const payment = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    expect(payment).toMatchObject({ status: 'scheduled', nextRunAt: '2026-11-02T14:00:00.000Z' });
    const first = await money.call('scheduler:tick', {});
    expect(first.executed).toHaveLength(1);
    const again = await money.call('scheduler:tick', {});
    expect(again).toMatchObject({ executed: [], failed: [], missed: [] });
    const detail = await money.call('payments:get', { id: payment.id });
    expect(detail.payment).toMatchObject({ status: 'executed', nextRunAt: null });
    expect(detail.executions).toMatchObject([{ status: 'succeeded', attempt: 1 }]);
    expect(await balance(money, 'user1')).toBe('4997');
    expect(await balance(money, 'user2')).toBe('803');
  });

  it('advances a weekly schedule to its next RRULE occurrence in the payment zone, across DST', async () => {
    // Monday Oct 26, 2026 in New York (EDT); DST ends Sunday Nov 1.
    const money = await open('2026-10-26T14:00:00.000Z');
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 120 USDC every Friday');
    expect(payment.nextRunAt).toBe('2026-10-30T13:00:00.000Z'); // 9:00 EDT
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(0);
    money.clock.advance(Date.parse('2026-10-30T13:00:02Z') - money.clock.now().getTime());
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed.map((item) => item.occurrenceAt)).toEqual(['2026-10-30T13:00:00.000Z']);
    const { payment: after } = await money.call('payments:get', { id: payment.id });
    expect(after).toMatchObject({ status: 'scheduled', nextRunAt: '2026-11-06T14:00:00.000Z' }); // 9:00 EST
  });

  it('sleeping 21 days across 3 Fridays pays nothing and asks once, listing the 3 runs', async () => {
    const money = await open('2026-11-02T14:00:00.000Z');
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 120 USDC every Friday');
    await money.call('scheduler:tick', {});
    const missed = await notifications(money, 'missed');
    money.clock.advance(21 * DAY);
    const tick = await money.call('scheduler:tick', {});
    missed.stop();
    expect(tick.executed).toEqual([]);
    expect(tick.missed).toEqual([
      {
        paymentId: payment.id,
        occurrences: [
          '2026-11-06T14:00:00.000Z',
          '2026-11-13T14:00:00.000Z',
          '2026-11-20T14:00:00.000Z',
        ],
      },
    ]);
    expect(missed.seen).toHaveLength(1);
    expect(missed.seen[0].body).toContain('Nov 6, 2026');
    expect(missed.seen[0].body).toContain('Nov 20, 2026');
    expect(await journal(money, payment.id)).toEqual([]);
    expect(await balance(money, 'user1')).toBe('5000');
    const { payment: held } = await money.call('payments:get', { id: payment.id });
    expect(held).toMatchObject({ status: 'missed', nextRunAt: '2026-11-27T14:00:00.000Z' });
    expect(held.missedRuns).toHaveLength(3);
    // Nothing more happens until the user answers.
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);

    const confirmed = await money.call('payments:confirm', { id: payment.id });
    expect(confirmed.payment).toMatchObject({ status: 'scheduled' });
    expect(confirmed.payment.approvedRuns).toHaveLength(3);
    const caughtUp = await money.call('scheduler:tick', {});
    expect(caughtUp.executed).toHaveLength(3);
    expect(await balance(money, 'user1')).toBe('4640');
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const { payment: after } = await money.call('payments:get', { id: payment.id });
    expect(after.approvedRuns).toBeUndefined();
    expect(after.status).toBe('scheduled');
  });

  it('catches up or skips missed runs when the payment policy says so', async () => {
    for (const [policy, paid] of [
      ['catch_up', 2],
      ['skip', 0],
    ] as const) {
      const money = await open('2026-11-02T14:00:00.000Z');
      await money.call('settings:update', { missedRunPolicy: policy });
      const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
      expect(payment.missedRunPolicy).toBe(policy);
      money.clock.advance(14 * DAY);
      const tick = await money.call('scheduler:tick', {});
      expect(tick.executed).toHaveLength(paid);
      expect(tick.missed).toEqual([]);
      const { payment: after } = await money.call('payments:get', { id: payment.id });
      expect(after).toMatchObject({ status: 'scheduled', nextRunAt: '2026-11-20T14:00:00.000Z' });
    }
  });

  it('pauses, resumes from now without paying what passed, and skips the next run', async () => {
    const money = await open('2026-11-02T14:00:00.000Z');
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    expect((await money.call('payments:pause', { id: payment.id })).payment.paused).toBe(true);
    expect((await money.fail('payments:pause', { id: payment.id })).code).toBe('conflict');
    money.clock.advance(4 * DAY + 1000); // past Friday Nov 6, 9:00
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const resumed = await money.call('payments:resume', { id: payment.id });
    expect(resumed.payment).toMatchObject({ paused: false, nextRunAt: '2026-11-13T14:00:00.000Z' });
    const skipped = await money.call('payments:skip', { id: payment.id });
    expect(skipped.payment.nextRunAt).toBe('2026-11-20T14:00:00.000Z');
    money.clock.advance(8 * DAY);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    // Nothing was paid; the two runs passed over are journaled as skipped, with why.
    expect(await journal(money, payment.id)).toMatchObject([
      { occurrenceAt: '2026-11-06T14:00:00.000Z', status: 'skipped', skipReason: 'paused' },
      { occurrenceAt: '2026-11-13T14:00:00.000Z', status: 'skipped', skipReason: 'user' },
    ]);

    const once = await proposeAndConfirm(money, 'Pay User Two 3 USDC tomorrow at 9am');
    expect(await money.fail('payments:skip', { id: once.id })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('cancel it instead'),
    });
  });

  it('cancels a schedule so nothing more of it runs', async () => {
    const money = await open();
    const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    const { payment: cancelled } = await money.call('payments:cancel', { id: payment.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', nextRunAt: null });
    money.clock.advance(30 * DAY);
    expect(await money.call('scheduler:tick', {})).toMatchObject({ executed: [], missed: [] });
    expect((await money.fail('payments:cancel', { id: payment.id })).code).toBe('conflict');
  });

  it('retries transient errors with backoff, with the same key, and pays once', async () => {
    const money = await open();
    const payment = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    money.faults.inject('timeout_before_commit', 'timeout_after_commit');
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed).toHaveLength(1);
    expect(money.sleeps).toEqual([500, 1000]);
    expect(money.faults.calls).toBe(3);
    expect(await journal(money, payment.id)).toMatchObject([{ status: 'succeeded', attempt: 3 }]);
    expect(await balance(money, 'user1')).toBe('4997');
  });

  it('leaves an unknown outcome started for later ticks, then fails it past the ceiling', async () => {
    const money = await open();
    const payment = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    money.faults.inject(...Array(4).fill('timeout_before_commit'));
    expect(await money.call('scheduler:tick', {})).toMatchObject({ executed: [], failed: [] });
    expect(await journal(money, payment.id)).toMatchObject([{ status: 'started', attempt: 4 }]);
    expect((await money.call('payments:get', { id: payment.id })).payment.status).toBe('executing');
    // The next tick resubmits with the same key and learns the outcome.
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);

    // User Two is now trusted and known: a small one-off is approved and scheduled at once.
    const approved = await money.call('commands:run', { text: 'Pay User Two 4 USDC' });
    expect(approved.decision.outcome).toBe('approved');
    const stuck = approved.payment ?? expect.fail('no payment');
    expect(stuck.status).toBe('scheduled');
    money.faults.inject(...Array(12).fill('timeout_before_commit'));
    const ticks = [];
    for (let tick = 0; tick < 3; tick += 1) ticks.push(await money.call('scheduler:tick', {}));
    expect(ticks[2]?.failed).toMatchObject([{ paymentId: stuck.id, failure: 'unavailable' }]);
    expect((await money.call('payments:get', { id: stuck.id })).payment.status).toBe('failed');
  });

  it('a refused transfer fails only its own payment and tells the user and the operator', async () => {
    const money = await open();
    const first = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    const second = await proposeAndConfirm(money, 'Pay Alice Chen 4 USDC');
    const failed = await notifications(money, 'failed');
    money.faults.inject('reject');
    const tick = await money.call('scheduler:tick', {});
    failed.stop();
    expect(tick.failed).toMatchObject([{ paymentId: first.id, failure: 'rejected' }]);
    expect(tick.executed).toMatchObject([{ paymentId: second.id }]);
    // User Two is the demo's operator: the failed-for-good run reaches them too, with its id.
    const executionId = (await journal(money, first.id)).find(
      (execution) => execution.status === 'failed',
    )?.id;
    expect(executionId).toBeDefined();
    expect(failed.seen).toMatchObject([
      { userId: 'user1', paymentId: first.id, kind: 'failed', executionId },
      {
        userId: 'user2',
        paymentId: first.id,
        kind: 'failed',
        executionId,
        operatorAlert: { event: 'failed', subjectUserId: 'user1' },
      },
    ]);
    expect(failed.seen[0]).not.toHaveProperty('operatorAlert');
    expect((await money.call('payments:get', { id: first.id })).payment.status).toBe('failed');
  });

  it('re-checks the balance at the tick and refuses what it no longer covers', async () => {
    const money = await open();
    const big = await proposeAndConfirm(money, 'Pay Alice Chen 3000 USDC');
    const bigger = await proposeAndConfirm(money, 'Pay User Two 2500 USDC');
    const calls = money.faults.calls;
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed.map((item) => item.paymentId)).toEqual([big.id]);
    expect(tick.failed).toMatchObject([{ paymentId: bigger.id, failure: 'insufficient_funds' }]);
    expect(money.faults.calls - calls).toBe(1);
    expect(await balance(money, 'user1')).toBe('2000');
  });

  it('expires a proposal nobody confirmed and cancels its payment', async () => {
    const money = await open();
    const { payment } = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
    money.clock.advance(11 * 60 * 1000);
    await money.call('scheduler:tick', {});
    const detail = await money.call('payments:get', { id: payment?.id ?? '' });
    expect(detail.payment.status).toBe('cancelled');
  });
});
