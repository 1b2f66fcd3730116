import { describe, expect, it } from 'vitest';
import { replyStatus } from '../../../../electron/core/commands/commandService';
import type { ReplyStatus } from '../../../../shared/contract/commands';
import { intentProblemSchema, type Intent } from '../../../../shared/schemas/intent';
import { riskOutcomeSchema, type RiskOutcome } from '../../../../shared/schemas/risk';
import { proposeAndConfirm, withoutUndoWindow, type MoneyCore } from '../../../support/moneyCore';
import { moneyCoresPerTest } from '../../../support/moneyCores';

const PAYMENT: Intent = {
  kind: 'payment',
  amount: '20',
  currency: 'USDC',
  recipient: { text: 'Bob', userId: 'user4' },
  schedule: { kind: 'once', runAt: null },
  problems: [],
};

/** One intent of each kind, understood without a problem. */
const INTENTS: Record<Intent['kind'], Intent> = {
  payment: PAYMENT,
  query: { kind: 'query', topic: 'balance' },
  cancel: { kind: 'cancel', recipient: { text: 'Bob', userId: 'user4' } },
  manage: { kind: 'manage', action: 'pause', recipient: { text: 'Bob', userId: 'user4' } },
  confirm: { kind: 'confirm' },
  deny: { kind: 'deny' },
  unknown: { kind: 'unknown', reason: 'Not understood.' },
};
const KINDS = Object.keys(INTENTS) as Intent['kind'][];

/** The whole table, written out: each kind against each outcome. */
const EXPECTED: Record<Intent['kind'], Record<RiskOutcome, ReplyStatus>> = {
  payment: {
    approved: 'done',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  query: {
    approved: 'answer',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  cancel: {
    approved: 'done',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  manage: {
    approved: 'done',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  confirm: {
    approved: 'done',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  deny: {
    approved: 'done',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
  // Nothing understood is never "done", whatever outcome it carries.
  unknown: {
    approved: 'needs_you',
    needs_confirmation: 'needs_you',
    denied: 'refused',
    flagged: 'needs_you',
    clarify: 'needs_you',
  },
};

describe('replyStatus: the badge kind for every intent kind and outcome', () => {
  const cases = KINDS.flatMap((kind) =>
    riskOutcomeSchema.options.map((outcome) => [kind, outcome, EXPECTED[kind][outcome]] as const),
  );

  it('covers every outcome the contract knows', () => {
    expect(cases).toHaveLength(KINDS.length * riskOutcomeSchema.options.length);
  });

  it.each(cases)('%s + %s is %s', (kind, outcome, status) => {
    expect(replyStatus(INTENTS[kind], outcome)).toBe(status);
  });

  // "Pay Zorro 5 USDC" is refused by the Guardian and asks "Who do you mean?": a question.
  const problemCases = intentProblemSchema.options.flatMap((problem) =>
    riskOutcomeSchema.options.map((outcome) => [problem, outcome] as const),
  );
  it.each(problemCases)(
    'a payment with %s, whatever the outcome (%s), needs the user',
    (problem, outcome) => {
      expect(replyStatus({ ...PAYMENT, problems: [problem] }, outcome)).toBe('needs_you');
    },
  );
});

const open = moneyCoresPerTest('2026-11-02T14:00:00.000Z');
const run = (money: MoneyCore, text: string) => money.call('commands:run', { text });

describe('commands:run gives every reply its status', () => {
  it('a question is an answer, not "approved"', async () => {
    const money = await open();
    expect(await run(money, 'What is my balance?')).toMatchObject({
      decision: { outcome: 'approved' },
      status: 'answer',
    });
  });

  it('a payment awaiting its yes, and a question back, need the user', async () => {
    const money = await open();
    expect((await run(money, 'Pay Bob 20 USDC')).status).toBe('needs_you');
    expect((await run(money, 'Pay Bob')).status).toBe('needs_you');
    expect((await run(money, 'sing me a song')).status).toBe('needs_you');
  });

  it('a refusal is refused', async () => {
    const money = await open();
    expect((await run(money, 'Pay Bob 20000 USDC')).status).toBe('refused');
  });

  it('a payment to a name ArcFlux does not know asks who, though the Guardian refused it', async () => {
    const money = await open();
    expect(await run(money, 'Pay Zorro 5 USDC')).toMatchObject({
      decision: { outcome: 'denied' },
      status: 'needs_you',
    });
  });

  it('a payment made, a "yes" that confirmed, a "no" and a pause carried out are done', async () => {
    // No undo window: the first payment is paid on this tick, so the second is trusted.
    const money = await withoutUndoWindow(await open());
    await proposeAndConfirm(money, 'Pay User Two 3 USDC');
    await money.call('scheduler:tick', {});
    expect(await run(money, 'Pay User Two 4 USDC')).toMatchObject({
      decision: { outcome: 'approved' },
      status: 'done',
    });
    await run(money, 'Pay Bob 20 USDC');
    expect(await run(money, 'yes')).toMatchObject({ intent: { kind: 'confirm' }, status: 'done' });
    await run(money, 'Pay Alice Chen 30 USDC');
    expect(await run(money, 'no')).toMatchObject({ intent: { kind: 'deny' }, status: 'done' });
    await proposeAndConfirm(money, 'Pay the bakery 12.50 USDC every day');
    expect(await run(money, 'Pause my payments to the bakery')).toMatchObject({
      intent: { kind: 'manage', action: 'pause' },
      status: 'done',
    });
  });

  it("a cancel by command waits for the user's choice and confirmation: needs you", async () => {
    const money = await open();
    await proposeAndConfirm(money, 'Pay the bakery 12.50 USDC every day');
    expect(await run(money, 'Stop paying the bakery')).toMatchObject({
      intent: { kind: 'cancel' },
      choice: { action: 'cancel' },
      status: 'needs_you',
    });
  });

  it('a cancel with nothing to cancel is no "done"', async () => {
    const money = await open();
    expect(await run(money, 'Stop paying the bakery')).toMatchObject({
      intent: { kind: 'cancel' },
      status: 'needs_you',
    });
  });
});
