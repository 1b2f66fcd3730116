import { describe, expect, it } from 'vitest';
import { countSyncs } from '../../../support/fsyncCounter';
import { readLedgerFiles } from '../../../support/ledgerFiles';
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

  it("commits a command's risk record, payment, proposal and notice as one record, one fsync", async () => {
    const money = await open();
    const before = readLedgerFiles(money.dataDir).records;
    const { result, syncs } = await countSyncs(() => run(money, 'Pay Bob 20 USDC'));
    expect(result.decision.outcome).toBe('needs_confirmation');
    expect(syncs).toBe(1);
    const disk = readLedgerFiles(money.dataDir);
    expect(disk.records - before).toBe(1);
    expect(disk.riskAssessments.at(-1)?.paymentId).toBe(result.payment?.id);
    expect(disk.proposals.at(-1)?.paymentId).toBe(result.payment?.id);
    expect(disk.notifications.at(-1)).toMatchObject({
      kind: 'needs_confirmation',
      paymentId: result.payment?.id,
    });
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

  it('cancels nothing by command: the one match comes back to confirm like the button', async () => {
    const money = await open();
    const bakery = await proposeAndConfirm(money, 'Pay the bakery 12.50 USDC every day');
    const result = await run(money, 'Stop paying the bakery');
    expect(result).toMatchObject({
      intent: { kind: 'cancel' },
      decision: { outcome: 'clarify', reply: expect.stringContaining('until you confirm') },
      payment: null,
      choice: { action: 'cancel', payments: [{ id: bakery.id, status: 'scheduled' }] },
    });
    expect((await money.call('payments:get', { id: bakery.id })).payment.status).toBe('scheduled');
  });

  it('offers a choice, changing nothing, when a cancel, pause or skip matches several', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay User Two 120 USDC every Friday');
    const monthly = await proposeAndConfirm(money, 'Pay User Two 50 USDC every month on the 1st');
    const before = (await money.call('payments:list', {})).items;
    const cancel = await run(money, 'cancel the payment to User Two');
    expect(cancel.choice?.action).toBe('cancel');
    expect(cancel.choice?.payments.map((payment) => payment.id)).toEqual([weekly.id, monthly.id]);
    for (const [text, action] of [
      ['pause my payments to User Two', 'pause'],
      ['skip the next payment to User Two', 'skip'],
    ] as const) {
      const result = await run(money, text);
      expect(result).toMatchObject({ payment: null, choice: { action } });
      expect(result.choice?.payments.map((payment) => payment.id)).toEqual([weekly.id, monthly.id]);
    }
    expect((await money.call('payments:list', {})).items).toEqual(before);
  });

  it('pauses at once when exactly one schedule matches, like the Pause button', async () => {
    const money = await open();
    const weekly = await proposeAndConfirm(money, 'Pay User Two 120 USDC every Friday');
    const result = await run(money, 'pause my payments to User Two');
    expect(result).toMatchObject({ payment: { id: weekly.id, paused: true } });
    expect(result.choice).toBeUndefined();
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
