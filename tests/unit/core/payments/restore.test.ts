import { describe, expect, it } from 'vitest';
import { proposeAndConfirm, type MoneyCore } from '../../../support/moneyCore';
import { moneyCoresPerTest } from '../../../support/moneyCores';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
// The default start, Monday 14:00 UTC: Alice Chen's Friday 9:00 runs are four days on.
const open = moneyCoresPerTest();

const paymentOf = async (money: MoneyCore, id: string) =>
  (await money.call('payments:get', { id })).payment;
const executionsOf = async (money: MoneyCore, id: string) =>
  (await money.call('payments:get', { id })).executions;

describe('payments:restore (Undo of a cancel)', () => {
  it('puts a schedule back exactly as it was, and it then runs on its day once', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    await money.call('payments:pause', { id: weekly.id });
    const before = await paymentOf(money, weekly.id);
    const { payment: cancelled } = await money.call('payments:cancel', { id: weekly.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', nextRunAt: null, paused: false });

    money.clock.advance(MINUTE);
    const { payment: restored } = await money.call('payments:restore', { id: weekly.id });
    const { updatedAt: _before, ...kept } = before;
    const { updatedAt: _restored, ...back } = restored;
    expect(back).toEqual(kept);
    expect(restored).not.toHaveProperty('cancellation');

    await money.call('payments:resume', { id: weekly.id });
    money.clock.advance(4 * DAY); // Friday, 14:01 UTC: due since 14:00
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    expect(await executionsOf(money, weekly.id)).toHaveLength(1);
  });

  it('refuses a second restore and a restore of a payment never cancelled, changing nothing', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    expect(await money.fail('payments:restore', { id: weekly.id })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('only a cancelled payment can be restored'),
    });
    await money.call('payments:cancel', { id: weekly.id });
    await money.call('payments:restore', { id: weekly.id });
    expect(await money.fail('payments:restore', { id: weekly.id })).toMatchObject({
      code: 'conflict',
    });
    expect(await paymentOf(money, weekly.id)).toMatchObject({ status: 'scheduled' });

    // A confirmation that lapsed was never cancelled by the user: there is nothing to undo.
    const lapsed = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
    money.clock.advance(DAY);
    await money.call('scheduler:tick', {});
    const lapsedId = lapsed.payment?.id ?? expect.fail('no payment');
    expect(await paymentOf(money, lapsedId)).toMatchObject({ status: 'cancelled' });
    expect(await money.fail('payments:restore', { id: lapsedId })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('no cancel to undo'),
    });
  });

  it('reopens the proposal of a cancelled confirmation while it is unexpired, and not after', async () => {
    const money = await open();
    const proposed = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
    const id = proposed.payment?.id ?? expect.fail('no payment');
    await money.call('payments:cancel', { id });
    expect((await money.call('proposals:get', { paymentId: id })).proposal.status).toBe(
      'cancelled',
    );
    await money.call('payments:restore', { id });
    expect((await money.call('proposals:get', { paymentId: id })).proposal).toMatchObject({
      id: proposed.proposal?.id,
      status: 'pending',
      decidedAt: null,
    });
    expect((await money.call('payments:confirm', { id })).payment.status).toBe('scheduled');

    const late = await money.call('commands:run', { text: 'Pay Bob 25 USDC' });
    const lateId = late.payment?.id ?? expect.fail('no payment');
    await money.call('payments:cancel', { id: lateId });
    money.clock.advance(DAY);
    expect(await money.fail('payments:restore', { id: lateId })).toMatchObject({
      code: 'expired',
    });
    expect(await paymentOf(money, lateId)).toMatchObject({ status: 'cancelled' });
    expect((await money.call('proposals:get', { paymentId: lateId })).proposal.status).toBe(
      'cancelled',
    );
  });

  it('refuses when an occurrence of the payment finished after the cancel', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    money.clock.advance(4 * DAY); // Friday's run falls due
    // The connector's outcome stays unknown: the run is left `started` for the next tick.
    money.faults.inject(...Array(4).fill('timeout_before_commit'));
    expect(await money.call('scheduler:tick', {})).toMatchObject({ executed: [], failed: [] });
    await money.call('payments:cancel', { id: weekly.id });
    // The next tick finishes the run that was submitted before the cancel.
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    expect(await money.fail('payments:restore', { id: weekly.id })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('ran after it was cancelled'),
    });
    expect(await paymentOf(money, weekly.id)).toMatchObject({ status: 'cancelled' });
  });

  it('a run that fell due while cancelled goes by the missed-run rules, never paid silently', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    await money.call('payments:cancel', { id: weekly.id });
    money.clock.advance(5 * DAY); // a day past Friday's run, far beyond the missed-run window
    const { payment: restored } = await money.call('payments:restore', { id: weekly.id });
    expect(restored).toMatchObject({ status: 'scheduled', nextRunAt: weekly.nextRunAt });
    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed).toEqual([]);
    expect(tick.missed).toEqual([{ paymentId: weekly.id, occurrences: [weekly.nextRunAt] }]);
    expect(await paymentOf(money, weekly.id)).toMatchObject({ status: 'missed' });
    expect(await executionsOf(money, weekly.id)).toEqual([]);
  });

  it('saves on the cancelled row what the cancel changed, so a restart keeps the Undo', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
    const { payment } = await money.call('payments:cancel', { id: weekly.id });
    expect(payment.cancellation).toMatchObject({
      status: 'scheduled',
      nextRunAt: weekly.nextRunAt,
      paused: false,
      proposalId: null,
      executions: 0,
      finished: 0,
    });
    expect((await paymentOf(money, weekly.id)).cancellation).toEqual(payment.cancellation);
  });
});
