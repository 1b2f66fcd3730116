import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeLedger, readLedgerFiles } from '../../../support/ledgerFiles';
import { ManualClock } from '../../../support/manualClock';
import {
  moneyFolder,
  openMoneyCore,
  withoutUndoWindow,
  type MoneyCore,
} from '../../../support/moneyCore';

const opened: { money: MoneyCore; remove(): void }[] = [];
afterEach(async () => {
  for (const { money, remove } of opened.splice(0)) {
    await money.core.close().catch(() => undefined);
    remove();
  }
});

async function open(dataDir?: string) {
  const folder = dataDir ? { path: dataDir, remove: () => undefined } : moneyFolder();
  const money = await openMoneyCore({
    dataDir: folder.path,
    clock: new ManualClock('2026-11-02T14:00:00.000Z'),
  });
  opened.push({ money, remove: folder.remove });
  return money;
}

/** Every data file's bytes, to prove a refused call changed nothing. */
function snapshot(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir)
      .filter((name) => /\.(json|jsonl)$/.test(name))
      .map((name) => [name, readFileSync(join(dataDir, name), 'utf8')]),
  );
}

async function propose(money: MoneyCore, text = 'Pay Alice Chen 120 USDC every Friday') {
  const result = await money.call('commands:run', { text });
  if (!result.payment || !result.proposal) throw new Error(result.decision.reply);
  return { payment: result.payment, proposal: result.proposal, decision: result.decision };
}

describe('proposals and confirmation', () => {
  it('reads back the sentence, the next 3 runs with the balance after each, and the rules', async () => {
    const money = await open();
    const { proposal, decision } = await propose(money);
    expect(proposal.readBack).toEqual({
      sentence:
        'Pay Alice Chen 120.00 USDC every week on Friday, starting Fri, Nov 6, 2026, 9:00 AM EST.',
      nextRuns: [
        { at: '2026-11-06T14:00:00.000Z', balanceAfter: '4880' },
        { at: '2026-11-13T14:00:00.000Z', balanceAfter: '4760' },
        { at: '2026-11-20T14:00:00.000Z', balanceAfter: '4640' },
      ],
      rules: decision.rules,
    });
    expect(proposal).toMatchObject({ status: 'pending', expiresAt: '2026-11-02T14:10:00.000Z' });
  });

  it('counts other scheduled payments in the balance after each run', async () => {
    const money = await open();
    const rent = await propose(money, 'Pay Alice Chen 1000 USDC on November 10');
    await money.call('payments:confirm', { id: rent.payment.id });
    const { proposal } = await propose(money, 'Pay Alice Chen 120 USDC every Friday');
    expect(proposal.readBack.nextRuns.map((run) => run.balanceAfter)).toEqual([
      '4880',
      '3760',
      '3640',
    ]);
  });

  it('confirms once, appending the approving risk record before scheduling', async () => {
    const money = await open();
    const { payment, proposal } = await propose(money);
    const confirmed = await money.call('payments:confirm', {
      id: payment.id,
      proposalId: proposal.id,
    });
    expect(confirmed.proposal).toMatchObject({ status: 'confirmed' });
    expect(confirmed.payment).toMatchObject({
      status: 'scheduled',
      nextRunAt: '2026-11-06T14:00:00.000Z',
    });
    const detail = await money.call('payments:get', { id: payment.id });
    expect(detail.riskAssessment).toMatchObject({
      outcome: 'approved',
      rules: expect.arrayContaining([expect.objectContaining({ name: 'confirmed_by_user' })]),
    });
    expect((await money.call('system:validate', {})).ok).toBe(true);
  });

  it('refuses to confirm twice, and changes nothing', async () => {
    const money = await open();
    const { payment } = await propose(money);
    await money.call('payments:confirm', { id: payment.id });
    const before = snapshot(money.dataDir);
    const error = await money.fail('payments:confirm', { id: payment.id });
    expect(error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already confirmed'),
    });
    expect(snapshot(money.dataDir)).toEqual(before);
  });

  it('refuses an expired proposal with a clear error, and changes nothing', async () => {
    const money = await open();
    const { payment } = await propose(money);
    money.clock.advance(10 * 60 * 1000 + 1);
    const before = snapshot(money.dataDir);
    const error = await money.fail('payments:confirm', { id: payment.id });
    expect(error).toMatchObject({ code: 'expired', message: expect.stringContaining('expired') });
    expect(error.message).toContain('Say the payment again');
    expect(snapshot(money.dataDir)).toEqual(before);
  });

  it("refuses a cancelled proposal, an unknown id and someone else's proposal id", async () => {
    const money = await open();
    const first = await propose(money);
    const second = await propose(money, 'Pay Bob 20 USDC');
    expect(
      await money.fail('payments:confirm', {
        id: first.payment.id,
        proposalId: second.proposal.id,
      }),
    ).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('not the current proposal'),
    });
    await money.call('payments:cancel', { id: first.payment.id });
    const before = snapshot(money.dataDir);
    expect(await money.fail('payments:confirm', { id: first.payment.id })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('cancelled'),
    });
    expect(await money.fail('payments:confirm', { id: 'pay_nope' })).toMatchObject({
      code: 'not_found',
    });
    expect(await money.fail('payments:confirm', { id: '../etc' })).toMatchObject({
      code: 'invalid_input',
    });
    expect(snapshot(money.dataDir)).toEqual(before);
  });

  it('refuses a proposal whose payment was altered after it was shown', async () => {
    const money = await open();
    const { payment } = await propose(money);
    await money.core.close();
    await changeLedger(money.dataDir, money.clock, async ({ payments }) => {
      await payments.save([{ ...payments.get(payment.id), amount: '1200' }]);
    });
    const reopened = await open(money.dataDir);
    expect(await reopened.fail('payments:confirm', { id: payment.id })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('changed after it was proposed'),
    });
  });

  it('keeps proposals across a restart', async () => {
    const money = await open();
    const { payment } = await propose(money);
    await money.core.close();
    const reopened = await open(money.dataDir);
    const confirmed = await reopened.call('payments:confirm', { id: payment.id });
    expect(confirmed.payment.status).toBe('scheduled');
  });

  it('re-checks the balance at confirmation', async () => {
    // The first payment must have gone out before the second is confirmed.
    const money = await withoutUndoWindow(await open());
    const big = await propose(money, 'Pay Alice Chen 4000 USDC');
    const other = await propose(money, 'Pay Bob 3000 USDC');
    await money.call('payments:confirm', { id: big.payment.id });
    await money.call('scheduler:tick', {});
    const before = snapshot(money.dataDir);
    expect(await money.fail('payments:confirm', { id: other.payment.id })).toMatchObject({
      code: 'insufficient_funds',
      message: expect.stringContaining('does not cover'),
    });
    expect(snapshot(money.dataDir)).toEqual(before);
  });

  it('refuses a confirmation a since-lowered limit now forbids, with limit_exceeded', async () => {
    const money = await open();
    const { payment } = await propose(money, 'Pay Alice Chen 400 USDC');
    const { guardian } = await money.call('settings:get', {});
    await money.call('settings:update', {
      guardian: { ...guardian, limits: { perPayment: '300', daily: '300', monthly: '300' } },
    });
    const before = snapshot(money.dataDir);
    expect(await money.fail('payments:confirm', { id: payment.id })).toMatchObject({
      code: 'limit_exceeded',
      message: expect.stringContaining('per-payment limit'),
    });
    expect(snapshot(money.dataDir)).toEqual(before);
  });

  it('appends a risk assessment for every decision, clarify and denial included', async () => {
    const money = await open();
    const lines = () => readLedgerFiles(money.dataDir).riskAssessments.length;
    const start = lines();
    const outcomes = [];
    for (const text of ['Pay Bob', 'Pay Zed 5 USDC', 'Pay Bob 20000 USDC', 'Pay Bob 20 USDC']) {
      outcomes.push((await money.call('commands:run', { text })).decision.outcome);
    }
    expect(outcomes).toEqual(['clarify', 'denied', 'denied', 'needs_confirmation']);
    expect(lines() - start).toBe(4);
  });
});
