import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { withoutUndoWindow } from '../support/moneyCore';
import { useMoneyServer } from '../support/moneyServer';

const rest = useMoneyServer('money-path-token-0123456789');

// About the REST doors, so confirmed payments run at the next tick; the undo window has
// its own REST tests (undoWindowRest.test.ts).
beforeAll(async () => {
  await withoutUndoWindow(rest.money);
});

describe('the money path over REST', () => {
  let paymentId = '';

  it('lowers the minimum interval in Settings, so the 5-second demo schedule is allowed', async () => {
    // Schedules faster than an hour are refused by default; this walk-through uses the
    // prototype's 5-second schedule, so it allows it the way a user would.
    const settings = (await rest.api('/v1/settings')).body.data;
    const saved = await rest.patch('/v1/settings', {
      guardian: { ...settings.guardian, minimumIntervalSeconds: 5 },
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { data: { guardian: { minimumIntervalSeconds: 5 } } },
    });
  });

  it('takes a command and answers with the intent, the decision and the proposal', async () => {
    const events: string[] = [];
    const stream = await fetch(new URL('/v1/events', rest.server.url), {
      headers: { authorization: `Bearer ${rest.token}` },
    });
    const reader = stream.body?.getReader();
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        events.push(decoder.decode(chunk.value));
      }
    })();
    const { status, body } = await rest.api('/v1/commands', {
      text: 'Pay User Two 5 USDC every 5 seconds',
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      intent: { kind: 'payment', amount: '5', currency: 'USDC' },
      decision: {
        outcome: 'needs_confirmation',
        score: expect.any(Number),
        reply: expect.stringContaining('Please confirm'),
      },
      payment: { status: 'pending_confirmation' },
      proposal: { status: 'pending', readBack: { nextRuns: expect.any(Array) } },
      facts: null,
    });
    expect(body.data.decision.rules.map((rule: any) => rule.name)).toContain('recurring_schedule');
    paymentId = body.data.payment.id;
    await eventually(
      () =>
        events.join('').includes('event: payment:changed') &&
        events.join('').includes('event: notification:created'),
      'the payment and notification events on the stream',
    );
    await reader?.cancel();
    await reading.catch(() => undefined);
    const streamed = events.join('');
    expect(streamed).toContain('event: payment:changed');
    expect(streamed).toContain('event: notification:created');
  });

  it('confirms, refuses a second confirmation, ticks, and shows the execution', async () => {
    const confirmed = await rest.api(`/v1/payments/${paymentId}/confirm`, {});
    expect(confirmed).toMatchObject({
      status: 200,
      body: { data: { payment: { status: 'scheduled' } } },
    });
    const before = rest.snapshot();
    const twice = await rest.api(`/v1/payments/${paymentId}/confirm`, {});
    expect(twice).toMatchObject({ status: 409, body: { ok: false, error: { code: 'conflict' } } });
    expect(rest.snapshot()).toEqual(before);
    rest.money.clock.advance(5_000);
    const tick = await rest.api('/v1/scheduler/tick', {});
    expect(tick.status).toBe(200);
    expect(tick.body.data).toMatchObject({ executed: [{ paymentId }], failed: [], missed: [] });
    const detail = await rest.api(`/v1/payments/${paymentId}`);
    expect(detail.body.data.executions).toMatchObject([{ status: 'succeeded' }]);
    expect((await rest.api('/v1/system/validate', {})).body.data).toMatchObject({
      ok: true,
      problems: [],
    });
  });

  it('pauses, resumes, skips and cancels over REST', async () => {
    expect((await rest.api(`/v1/payments/${paymentId}/pause`, {})).body.data.payment.paused).toBe(
      true,
    );
    expect((await rest.api(`/v1/payments/${paymentId}/resume`, {})).body.data.payment.paused).toBe(
      false,
    );
    const skipped = await rest.api(`/v1/payments/${paymentId}/skip`, {});
    expect(skipped.status).toBe(200);
    expect((await rest.api(`/v1/payments/${paymentId}/cancel`, {})).body.data.payment.status).toBe(
      'cancelled',
    );
  });

  it('answers bad input with clear errors and changes nothing', async () => {
    const before = rest.snapshot();
    const unknown = await rest.api('/v1/payments/pay_nobody/confirm', {});
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: expect.stringContaining('pay_nobody') } },
    });
    const malformed = await rest.api('/v1/commands', undefined, '{"text": "Pay Bob 5 USDC"');
    expect(malformed).toMatchObject({
      status: 400,
      body: {
        error: { code: 'invalid_input', message: expect.stringContaining('not valid JSON') },
      },
    });
    const empty = await rest.api('/v1/commands', { text: '   ' });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    const extra = await rest.api('/v1/commands', { text: 'Pay Bob 5 USDC', amount: 5 });
    expect(extra.body.error.message).toContain('unknown field "amount"');
    const badId = await rest.api('/v1/payments/..%2F..%2Fetc/cancel', {});
    expect(badId.status).toBe(400);
    const unknownUser = await rest.api('/v1/commands', {
      text: 'Pay Bob 5 USDC',
      userId: 'user99',
    });
    expect(unknownUser).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(rest.snapshot()).toEqual(before);
  });

  it('refuses an expired proposal with 410 and changes nothing', async () => {
    const { body } = await rest.api('/v1/commands', { text: 'Pay Bob 20 USDC' });
    rest.money.clock.advance(11 * 60 * 1000);
    const before = rest.snapshot();
    const expired = await rest.api(`/v1/payments/${body.data.payment.id}/confirm`, {
      proposalId: body.data.proposal.id,
    });
    expect(expired).toMatchObject({
      status: 410,
      body: {
        error: { code: 'expired', message: expect.stringContaining('Say the payment again') },
      },
    });
    expect(rest.snapshot()).toEqual(before);
  });
});
