import { describe, expect, it } from 'vitest';
import { useMoneyServer } from '../support/moneyServer';

const rest = useMoneyServer('cancel-by-command-token-0123456789');
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

/** Says a payment over REST and confirms its proposal; returns the scheduled payment. */
async function scheduled(text: string) {
  const said = await rest.api('/v1/commands', { text });
  expect(said.body.data.proposal, `"${text}" should be proposed`).not.toBeNull();
  const confirmed = await rest.api(`/v1/payments/${said.body.data.payment.id}/confirm`, {});
  expect(confirmed.status).toBe(200);
  return confirmed.body.data.payment;
}

const statusOf = async (id: string) => (await rest.api(`/v1/payments/${id}`)).body.data.payment;

describe('cancel by command over REST', () => {
  let weekly: any;
  let once: any;

  it('"cancel the payment to User Two" with two matches cancels nothing and returns the choice', async () => {
    weekly = await scheduled('Pay User Two 120 USDC every Friday');
    once = await scheduled('Pay User Two 30 USDC in 3 days');
    const before = rest.snapshot();
    const { status, body } = await rest.api('/v1/commands', {
      text: 'cancel the payment to User Two',
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      intent: { kind: 'cancel' },
      decision: { outcome: 'clarify' },
      payment: null,
      choice: { action: 'cancel' },
    });
    expect(body.data.choice.payments.map((payment: any) => payment.id).sort()).toEqual(
      [weekly.id, once.id].sort(),
    );
    expect(rest.snapshot()).toEqual(before);
  });

  it('cancelling the chosen one through the cancel endpoint cancels only it', async () => {
    const cancelled = await rest.api(`/v1/payments/${once.id}/cancel`, {});
    expect(cancelled).toMatchObject({
      status: 200,
      body: { data: { payment: { id: once.id, status: 'cancelled', nextRunAt: null } } },
    });
    expect(await statusOf(weekly.id)).toMatchObject({
      status: 'scheduled',
      nextRunAt: weekly.nextRunAt,
    });
  });

  it('restores the cancelled payment exactly, and refuses a second restore', async () => {
    const restored = await rest.api(`/v1/payments/${once.id}/restore`, {});
    expect(restored.status).toBe(200);
    const { updatedAt: _then, ...was } = once;
    const { updatedAt: _now, ...back } = restored.body.data.payment;
    expect(back).toEqual(was);
    const before = rest.snapshot();
    const again = await rest.api(`/v1/payments/${once.id}/restore`, {});
    expect(again).toMatchObject({ status: 409, body: { ok: false, error: { code: 'conflict' } } });
    expect(rest.snapshot()).toEqual(before);
  });

  it('refuses to restore a payment that ran, or whose run finished after the cancel', async () => {
    // No undo window, so the one-off is paid on this very tick.
    await rest.money.call('settings:update', { undoSeconds: 0 });
    const paid = await scheduled('Pay User Two 3 USDC');
    await rest.api('/v1/scheduler/tick', {});
    expect(await statusOf(paid.id)).toMatchObject({ status: 'executed' });
    expect(await rest.api(`/v1/payments/${paid.id}/restore`, {})).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });

    // Friday's run is submitted but its outcome stays unknown; the user cancels meanwhile.
    rest.money.clock.advance(4 * DAY + MINUTE); // Friday, a minute after its run fell due
    rest.money.faults.inject(...Array(4).fill('timeout_before_commit'));
    await rest.api('/v1/scheduler/tick', {});
    expect((await rest.api(`/v1/payments/${weekly.id}/cancel`, {})).status).toBe(200);
    await rest.api('/v1/scheduler/tick', {}); // the submitted run finishes: it was paid
    const before = rest.snapshot();
    const refused = await rest.api(`/v1/payments/${weekly.id}/restore`, {});
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(refused.body.error.message).toContain('ran after it was cancelled');
    expect(rest.snapshot()).toEqual(before);
    expect(await statusOf(weekly.id)).toMatchObject({ status: 'cancelled' });
  });
});
