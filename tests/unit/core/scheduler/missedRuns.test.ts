import { afterEach, describe, expect, it } from 'vitest';
import {
  moneyFolder,
  openMoneyCore,
  proposeAndConfirm,
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

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * A weekly payment of 10 USDC to Alice, first due on the Friday after a Monday start, with
 * the clock then run three weeks ahead: three runs are held for the user's answer.
 */
async function heldPayment() {
  const folder = moneyFolder();
  const money = await openMoneyCore({
    dataDir: folder.path,
    clock: new ManualClock('2026-11-02T14:00:00.000Z'),
  });
  opened.push({ money, remove: folder.remove });
  const payment = await proposeAndConfirm(money, 'Pay Alice Chen 10 USDC every Friday');
  money.clock.advance(21 * DAY);
  const tick = await money.call('scheduler:tick', {});
  const runs = tick.missed[0]?.occurrences ?? [];
  expect(runs).toHaveLength(3);
  return { money, payment, runs };
}

async function executed(money: MoneyCore, paymentId: string) {
  const { executions } = await money.call('payments:get', { id: paymentId });
  return executions
    .filter((execution) => execution.status !== 'skipped')
    .map((execution) => execution.occurrenceAt)
    .sort();
}

describe('missed runs', () => {
  it('reviews the chosen runs with the tick’s own checks, and pays only those', async () => {
    const { money, payment, runs } = await heldPayment();
    const [first, second, third] = runs as [string, string, string];
    const before = await money.call('payments:get', { id: payment.id });

    const review = await money.call('payments:review', {
      id: payment.id,
      runs: [first, third],
    });
    expect(review).toMatchObject({
      paymentId: payment.id,
      currency: 'USDC',
      chosen: { count: 2, total: '20', fitting: 2, fittingTotal: '20' },
      balance: '5000',
      balanceAfter: '4980',
    });
    expect(review.runs).toEqual([
      { at: first, chosen: true, check: 'fits' },
      { at: second, chosen: false, check: null },
      { at: third, chosen: true, check: 'fits' },
    ]);
    // Asking changes nothing.
    expect(await money.call('payments:get', { id: payment.id })).toEqual(before);

    const confirmed = await money.call('payments:confirm', {
      id: payment.id,
      runs: [first, third],
    });
    expect(confirmed.payment).toMatchObject({ status: 'scheduled', approvedRuns: [first, third] });
    expect(confirmed.payment.missedRuns).toBeUndefined();
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(2);
    expect(await executed(money, payment.id)).toEqual([first, third]);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    const { executions } = await money.call('payments:get', { id: payment.id });
    expect(executions.filter((execution) => execution.status === 'skipped')).toMatchObject([
      { occurrenceAt: second, skipReason: 'not_chosen' },
    ]);
  });

  it('names the runs the balance or the limits would refuse, before anything is paid', async () => {
    const { money, payment } = await heldPayment();
    const settings = await money.call('settings:get', {});
    await money.call('settings:update', {
      guardian: {
        ...settings.guardian,
        confirmAbove: '15',
        limits: { ...settings.guardian.limits, perPayment: '15', daily: '15' },
      },
    });
    const review = await money.call('payments:review', { id: payment.id });
    expect(review.chosen).toEqual({ count: 3, total: '30', fitting: 1, fittingTotal: '10' });
    expect(review.balanceAfter).toBe('4990');
    expect(review.runs.map((run) => run.check)).toEqual([
      'fits',
      'limit_exceeded',
      'limit_exceeded',
    ]);
    expect(review.runs[1]?.reason).toContain('daily limit');
  });

  it('refuses runs the payment does not hold, and a review of a payment holding none', async () => {
    const { money, payment } = await heldPayment();
    const notHeld = '2026-11-08T14:00:00.000Z';
    const bad = await money.fail('payments:confirm', { id: payment.id, runs: [notHeld] });
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toContain(notHeld);
    expect((await money.call('payments:get', { id: payment.id })).payment.status).toBe('missed');

    await money.call('payments:skip', { id: payment.id });
    expect((await money.fail('payments:review', { id: payment.id })).code).toBe('conflict');
    expect((await money.fail('payments:confirm', { id: payment.id, runs: [notHeld] })).code).toBe(
      'conflict',
    );
  });

  it('never offers or pays a run later than the clock, after the clock went back', async () => {
    const { money, payment, runs } = await heldPayment();
    const [first, second] = runs as [string, string, string];
    // The clock had run ahead; it is really Tuesday of the second week.
    money.clock.advance(-13 * DAY);
    const review = await money.call('payments:review', { id: payment.id });
    expect(review.runs.map((run) => run.at)).toEqual([first]);

    const tick = await money.call('scheduler:tick', {});
    expect(tick.executed).toEqual([]);
    const { payment: row } = await money.call('payments:get', { id: payment.id });
    expect(row).toMatchObject({ status: 'missed', missedRuns: [first], nextRunAt: second });

    await money.call('payments:confirm', { id: payment.id });
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    // The next Friday is paid when it comes, as any run, and not before.
    money.clock.advance(2 * DAY);
    expect((await money.call('scheduler:tick', {})).executed).toEqual([]);
    money.clock.advance(DAY);
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    expect(await executed(money, payment.id)).toEqual([first, second]);
  });

  it('puts a held payment back on its schedule when every held run is still to come', async () => {
    const { money, payment, runs } = await heldPayment();
    money.clock.advance(-20 * DAY);
    await money.call('scheduler:tick', {});
    const { payment: row } = await money.call('payments:get', { id: payment.id });
    expect(row).toMatchObject({ status: 'scheduled', nextRunAt: runs[0] });
    expect(row.missedRuns).toBeUndefined();
    expect(await executed(money, payment.id)).toEqual([]);
  });
});
