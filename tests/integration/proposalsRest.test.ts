import { beforeAll, describe, expect, it } from 'vitest';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

const rest = useMoneyServer('proposals-token-0123456789');

// About the REST doors, so confirmed payments run at the next tick; the undo window has
// its own REST tests (undoWindowRest.test.ts).
beforeAll(async () => {
  await withoutUndoWindow(rest.money);
});

describe('proposals:get over REST', () => {
  it('reads back the proposal another door made, without changing anything', async () => {
    const command = await rest.api('/v1/commands', { text: 'Pay User Two 120 USDC every Friday' });
    expect(command.status).toBe(200);
    const { payment, proposal, decision } = command.body.data;
    expect(proposal).toMatchObject({ status: 'pending' });

    const before = rest.snapshot();
    const read = await rest.api(`/v1/payments/${payment.id}/proposal`);
    expect(read.status).toBe(200);
    expect(read.body.data.payment).toEqual(payment);
    expect(read.body.data.proposal).toEqual(proposal);
    expect(read.body.data.decision).toMatchObject({
      outcome: decision.outcome,
      score: decision.score,
      rules: decision.rules,
      reply: proposal.readBack.sentence,
    });
    expect(rest.snapshot()).toEqual(before);

    const cancelled = await rest.api(`/v1/payments/${payment.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    const after = await rest.api(`/v1/payments/${payment.id}/proposal`);
    expect(after.body.data.proposal).toMatchObject({ id: proposal.id, status: 'cancelled' });
    expect(after.body.data.payment.status).toBe('cancelled');
  });

  it('says clearly when there is no such payment, or it never needed a confirmation', async () => {
    const missing = await rest.api('/v1/payments/pay_nothing_here/proposal');
    expect(missing).toMatchObject({
      status: 404,
      body: { ok: false, error: { code: 'not_found' } },
    });

    // Once one payment to User Two went through, a small one runs without a proposal.
    const first = await rest.api('/v1/commands', { text: 'Pay User Two 1 USDC' });
    await rest.api(`/v1/payments/${first.body.data.payment.id}/confirm`, {});
    expect((await rest.api('/v1/scheduler/tick', {})).status).toBe(200);
    const direct = await rest.api('/v1/commands', { text: 'Pay User Two 1 USDC' });
    expect(direct.body.data.proposal).toBeNull();
    const none = await rest.api(`/v1/payments/${direct.body.data.payment.id}/proposal`);
    expect(none).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: expect.stringContaining('no proposal') } },
    });
  });
});
