import { describe, expect, it } from 'vitest';
import { assistantReplySchema } from '../../../../shared/schemas/answer';
import { QueryAgent } from '../../../../electron/core/agents/queryAgent';
import type { QueryIntent } from '../../../../electron/core/agents/queryFacts';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { sampleAssessment, samplePayment } from '../../../support/dataFolder';
import { demoContext } from '../../../support/intentContext';
import { memorySources, sampleExecution } from '../../../support/querySources';

const context = demoContext();
const scope = {
  userId: 'user1',
  now: context.now,
  timezone: context.timezone,
  directory: context.directory,
};

const weeklyToUserTwo = samplePayment('pay_weekly', {
  amount: '120',
  status: 'scheduled',
  schedule: {
    kind: 'recurring',
    rrule: 'FREQ=WEEKLY;BYDAY=FR',
    firstRun: '2026-12-04T14:00:00.000Z',
    timezone: 'America/New_York',
  },
  nextRunAt: '2026-12-04T14:00:00.000Z',
  createdAt: '2026-11-20T10:00:00.000Z',
});
const cakeOnce = samplePayment('pay_cake', {
  recipientId: 'user5',
  amount: '35.5',
  status: 'scheduled',
  schedule: { kind: 'once', runAt: '2026-12-10T14:00:00.000Z' },
  nextRunAt: '2026-12-10T14:00:00.000Z',
  createdAt: '2026-11-21T10:00:00.000Z',
});
const bobOctober = samplePayment('pay_bob_oct', {
  recipientId: 'user4',
  amount: '40',
  createdAt: '2026-10-05T15:00:00.000Z',
});
const bobFailed = samplePayment('pay_bob_fail', {
  recipientId: 'user4',
  amount: '25',
  status: 'failed',
  createdAt: '2026-11-25T15:00:00.000Z',
});
const flagged = samplePayment('pay_flagged', {
  recipientId: 'user7',
  amount: '900',
  status: 'flagged',
  createdAt: '2026-11-26T15:00:00.000Z',
});
const flaggedAssessment = {
  ...sampleAssessment('pay_flagged'),
  outcome: 'flagged' as const,
  score: 0.9,
  rules: [
    {
      name: 'new_recipient',
      kind: 'recipient' as const,
      level: 'warning' as const,
      explanation: 'Alex Rivera has never been paid.',
    },
    {
      name: 'amount_spike',
      kind: 'amount' as const,
      level: 'danger' as const,
      explanation: '900 USDC is 10 times your usual payment.',
    },
    {
      name: 'balance',
      kind: 'funds' as const,
      level: 'safe' as const,
      explanation: 'The balance covers it.',
    },
  ],
};

const agent = new QueryAgent(
  memorySources({
    payments: [weeklyToUserTwo, cakeOnce, bobOctober, bobFailed, flagged],
    assessments: [flaggedAssessment],
    executions: [
      sampleExecution('pay_bob_oct', { amount: '40', occurrenceAt: '2026-10-05T15:00:00.000Z' }),
      sampleExecution('pay_bob_fail', {
        status: 'failed',
        amount: '25',
        error: 'The connector refused the transfer.',
        occurrenceAt: '2026-11-25T15:00:00.000Z',
        startedAt: '2026-11-25T15:00:00.000Z',
      }),
    ],
  }),
);

function ask(text: string) {
  const intent = parseIntent(text, context);
  if (intent.kind !== 'query') throw new Error(`"${text}" is not a question: ${intent.kind}`);
  const reply = agent.answer(intent as QueryIntent, scope);
  expect(assistantReplySchema.safeParse(reply).success).toBe(true);
  return reply;
}

describe('QueryAgent', () => {
  it('answers balances from the repository, with the facts', () => {
    const reply = ask("what's my balance");
    expect(reply.text).toBe('You have 5,000.00 USDC and 1,000.00 EURC.');
    expect(reply.facts).toMatchObject({
      topic: 'balance',
      balances: [
        { currency: 'USDC', amount: '5000' },
        { currency: 'EURC', amount: '1000' },
      ],
    });
    expect(ask('how much eurc do i have').text).toBe('You have 1,000.00 EURC.');
  });

  it('lists upcoming occurrences of recurring and one-off payments with their dates', () => {
    const reply = ask('show upcoming payments');
    expect(
      reply.facts?.topic === 'upcoming' && reply.facts.occurrences.map((run) => run.runAt),
    ).toEqual([
      '2026-12-04T14:00:00.000Z',
      '2026-12-10T14:00:00.000Z',
      '2026-12-11T14:00:00.000Z',
      '2026-12-18T14:00:00.000Z',
      '2026-12-25T14:00:00.000Z',
    ]);
    expect(reply.text).toMatch(
      /^Coming up in the next month: 120\.00 USDC to User Two on Fri, Dec 4, 2026, 9:00 AM EST;/,
    );
    const nextWeek = ask('what is scheduled next week');
    expect(nextWeek.facts?.topic === 'upcoming' && nextWeek.facts.occurrences).toHaveLength(1);
  });

  it('filters history by recipient and period, and totals what was paid', () => {
    const reply = ask('how much did i pay bob in october');
    expect(reply.facts).toMatchObject({
      topic: 'history',
      filter: {
        recipientId: 'user4',
        from: '2026-10-01T04:00:00.000Z',
        to: '2026-11-01T04:00:00.000Z',
      },
      total: 1,
      paid: [{ currency: 'USDC', amount: '40' }],
    });
    expect(reply.text).toContain(
      'You have 1 payment to Bob Martinez in October 2026. Paid: 40.00 USDC.',
    );
  });

  it('gives the status of the last payment to someone, with the failure', () => {
    const reply = ask('did my payment to bob go through');
    expect(reply.facts).toMatchObject({
      topic: 'status',
      payment: { id: 'pay_bob_fail', status: 'failed' },
      lastExecution: { status: 'failed', error: 'The connector refused the transfer.' },
    });
    expect(reply.text).toContain('25.00 USDC to Bob Martinez');
    expect(reply.text).toContain(
      'failed. The last attempt failed: The connector refused the transfer.',
    );
  });

  it('explains risk flags with the rules that raised them', () => {
    const reply = ask('any flagged payments?');
    expect(reply.facts).toMatchObject({
      topic: 'risk',
      flags: [{ payment: { id: 'pay_flagged' }, outcome: 'flagged', score: 0.9 }],
    });
    const reasons = reply.facts?.topic === 'risk' ? reply.facts.flags[0]?.reasons : [];
    expect(reasons?.map((reason) => reason.name)).toEqual(['new_recipient', 'amount_spike']);
    expect(reply.text).toContain('900.00 USDC to Alex Rivera');
    expect(reply.text).toContain('Alex Rivera has never been paid.');
  });

  it('asks which person is meant instead of guessing', () => {
    const reply = ask('show payments to alex');
    expect(reply.facts).toBeNull();
    expect(reply.text).toBe('Which alex do you mean: Alex Kim or Alex Rivera?');
  });

  it('says so when nothing matches', () => {
    expect(ask('any flagged payments to carol?').text).toBe(
      "None of your payments to Carol's Bakery is flagged.",
    );
  });
});
