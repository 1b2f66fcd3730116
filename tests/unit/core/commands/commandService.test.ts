import { describe, expect, it } from 'vitest';
import { proposeAndConfirm, type MoneyCore } from '../../../support/moneyCore';
import { moneyCoresPerTest } from '../../../support/moneyCores';

const open = moneyCoresPerTest('2026-11-02T14:00:00.000Z');

const run = (money: MoneyCore, text: string) => money.call('commands:run', { text });

describe('commands:run', () => {
  it('answers a question with its facts and no payment', async () => {
    const money = await open();
    const result = await run(money, 'What is my balance?');
    expect(result).toMatchObject({
      intent: { kind: 'query', topic: 'balance' },
      decision: { outcome: 'approved', reply: expect.stringContaining('5,000.00 USDC') },
      payment: null,
      proposal: null,
      facts: { topic: 'balance' },
    });
  });

  it('asks back when it did not understand, and records no payment', async () => {
    const money = await open();
    expect(await run(money, 'sing me a song')).toMatchObject({
      intent: { kind: 'unknown' },
      decision: { outcome: 'clarify' },
      payment: null,
    });
    expect(await run(money, 'Pay Bob')).toMatchObject({
      decision: { outcome: 'clarify', reply: expect.stringContaining('How much') },
      payment: null,
    });
    expect((await money.call('payments:list', {})).total).toBe(0);
  });

  it('approves a small one-off to a trusted recipient paid before, held for the undo window', async () => {
    const money = await open();
    const first = await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    // A confirmed one-off that runs as soon as approved waits out the window too.
    expect(first).toMatchObject({
      nextRunAt: '2026-11-02T14:00:10.000Z',
      undoUntil: '2026-11-02T14:00:10.000Z',
    });
    money.clock.advance(10_000);
    expect((await money.call('scheduler:tick', {})).executed).toHaveLength(1);
    const result = await run(money, 'Pay User Two 4 USDC');
    expect(result.decision).toMatchObject({ outcome: 'approved', score: 0 });
    expect(result.decision.reply).toMatch(/^Scheduled: Pay User Two 4.00 USDC/);
    expect(result.payment).toMatchObject({
      status: 'scheduled',
      nextRunAt: '2026-11-02T14:00:20.000Z',
      undoUntil: '2026-11-02T14:00:20.000Z',
    });
    expect(result.proposal).toBeNull();
  });

  it('announces a payment that needs confirmation only once its proposal can be fetched', async () => {
    // A window that learns of the payment from the event asks for its proposal at once
    // (proposals:get); announcing it before the proposal was saved gave that window a 404.
    const money = await open();
    const seen: Promise<string>[] = [];
    money.core.on('payment:changed', ({ payment }) => {
      if (payment.status !== 'pending_confirmation') return;
      seen.push(
        money
          .call('proposals:get', { paymentId: payment.id })
          .then(({ proposal }) => proposal.status),
      );
    });
    const result = await run(money, 'Pay Bob 20 USDC');
    expect(result.proposal).not.toBeNull();
    expect(await Promise.all(seen)).toEqual(['pending']);
  });

  it('confirms with "yes" and cancels with "no", newest proposal first', async () => {
    const money = await open();
    const first = await run(money, 'Pay Bob 20 USDC');
    const second = await run(money, 'Pay Alice Chen 30 USDC');
    const no = await run(money, 'no');
    expect(no).toMatchObject({
      intent: { kind: 'deny' },
      payment: { id: second.payment?.id, status: 'cancelled' },
    });
    const yes = await run(money, 'yes');
    expect(yes).toMatchObject({
      intent: { kind: 'confirm' },
      payment: { id: first.payment?.id, status: 'scheduled' },
    });
    expect((await run(money, 'yes')).decision).toMatchObject({
      outcome: 'clarify',
      reply: 'There is nothing waiting for your confirmation.',
    });
  });

  it('cancels the schedules to a recipient when told to stop paying them', async () => {
    const money = await open();
    const bakery = await proposeAndConfirm(money, 'Pay the bakery 12.50 USDC every day');
    const result = await run(money, 'Stop paying the bakery');
    expect(result).toMatchObject({
      intent: { kind: 'cancel' },
      decision: {
        outcome: 'approved',
        reply: expect.stringContaining("Cancelled Pay Carol's Bakery"),
      },
      payment: { id: bakery.id, status: 'cancelled' },
    });
  });

  it('refuses over a limit, with the rule that said so, and keeps the attempt in the ledger', async () => {
    const money = await open();
    const result = await run(money, 'Pay Bob 20000 USDC');
    expect(result.decision.outcome).toBe('denied');
    expect(result.decision.reply).toContain('over the per-payment limit');
    expect(result.payment).toMatchObject({ status: 'denied', nextRunAt: null });
    const detail = await money.call('payments:get', { id: result.payment?.id ?? '' });
    expect(detail.riskAssessment).toMatchObject({ outcome: 'denied', score: 1 });
  });
});
