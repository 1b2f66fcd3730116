import { describe, expect, it } from 'vitest';
import { useMoneyServer } from '../support/moneyServer';

/**
 * The undo window over REST, on the default setting (10 s) and the server's manual clock:
 * a second small payment to a trusted contact is approved without a dialog, yet nothing
 * is paid before its window closes, and Undo inside it leaves nothing paid.
 */
const rest = useMoneyServer('undo-window-token-0123456789');

const SECOND = 1000;

async function transfersOf(paymentId: string) {
  return (await rest.api(`/v1/payments/${paymentId}`)).body.data.executions as unknown[];
}

async function userTwoBalance() {
  const { body } = await rest.api('/v1/balance?userId=user2');
  return body.data.balances.find((entry: any) => entry.currency === 'USDC')?.amount;
}

/** Pays User Two once, so the Guardian approves the next small payment without asking. */
async function trustUserTwo() {
  const first = await rest.api('/v1/commands', { text: 'Pay User Two 1 USDC' });
  const confirmed = await rest.api(`/v1/payments/${first.body.data.payment.id}/confirm`, {});
  const { undoUntil } = confirmed.body.data.payment;
  rest.money.clock.advance(Date.parse(undoUntil) - rest.money.clock.now().getTime());
  expect((await rest.api('/v1/scheduler/tick', {})).body.data.executed).toHaveLength(1);
}

async function approvedPayment(amount: string) {
  const { body } = await rest.api('/v1/commands', { text: `Pay User Two ${amount} USDC` });
  expect(body.data.decision.outcome).toBe('approved');
  expect(body.data.proposal).toBeNull();
  return body.data.payment;
}

describe('the undo window over REST', () => {
  it('a second small trusted payment is not paid before its window, then exactly once', async () => {
    await trustUserTwo();
    const payment = await approvedPayment('2');
    const opened = rest.money.clock.now().getTime();
    expect(payment).toMatchObject({
      status: 'scheduled',
      undoUntil: new Date(opened + 10 * SECOND).toISOString(),
      nextRunAt: new Date(opened + 10 * SECOND).toISOString(),
    });
    const before = await userTwoBalance();

    rest.money.clock.advance(9 * SECOND);
    const inside = await rest.api('/v1/scheduler/tick', {});
    expect(inside.body.data).toMatchObject({ executed: [], failed: [], missed: [] });
    expect(await transfersOf(payment.id)).toEqual([]);
    expect(await userTwoBalance()).toBe(before);

    rest.money.clock.advance(1 * SECOND);
    const after = await rest.api('/v1/scheduler/tick', {});
    expect(after.body.data.executed).toEqual([
      expect.objectContaining({ paymentId: payment.id, occurrenceAt: payment.undoUntil }),
    ]);
    expect((await rest.api('/v1/scheduler/tick', {})).body.data.executed).toEqual([]);
    expect(await transfersOf(payment.id)).toMatchObject([{ status: 'succeeded' }]);
    // Too late to undo now: refused with its code, and nothing changes.
    const late = await rest.api(`/v1/payments/${payment.id}/undo`, {});
    expect(late).toMatchObject({
      status: 409,
      body: { ok: false, error: { code: 'already_started' } },
    });
    expect((await rest.api(`/v1/payments/${payment.id}`)).body.data.payment.status).toBe(
      'executed',
    );
  });

  it('Undo within the window leaves nothing paid: no transfer, status cancelled', async () => {
    const payment = await approvedPayment('3');
    const before = await userTwoBalance();
    rest.money.clock.advance(4 * SECOND);
    const undone = await rest.api(`/v1/payments/${payment.id}/undo`, {});
    expect(undone).toMatchObject({
      status: 200,
      body: { ok: true, data: { payment: { status: 'cancelled', nextRunAt: null } } },
    });
    rest.money.clock.advance(60 * SECOND);
    expect((await rest.api('/v1/scheduler/tick', {})).body.data.executed).toEqual([]);
    expect(await transfersOf(payment.id)).toEqual([]);
    expect(await userTwoBalance()).toBe(before);
    expect((await rest.api(`/v1/payments/${payment.id}`)).body.data.payment.status).toBe(
      'cancelled',
    );
  });
});
