import { describe, expect, it } from 'vitest';
import { QueryAgent } from '../../../../electron/core/agents/queryAgent';
import { queryFactLines } from '../../../../electron/core/agents/queryFactLines';
import type { QueryIntent } from '../../../../electron/core/agents/queryFacts';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { assistantReplySchema } from '../../../../shared/schemas/answer';
import type { MarketRate } from '../../../../shared/schemas/market';
import { demoContext } from '../../../support/intentContext';
import { memorySources } from '../../../support/querySources';

// The demo user1 holds 5,000 USDC and 1,000 EURC; their default currency is USDC.
const context = demoContext();
const scope = {
  userId: 'user1',
  now: context.now,
  timezone: context.timezone,
  directory: context.directory,
};
const RATE: MarketRate = {
  from: 'EURC',
  to: 'USDC',
  rate: '1.0834',
  date: '2035-12-05',
  source: 'ecb',
  fetchedAt: '2035-12-05T16:00:00.000Z',
  ageDays: 1,
  stale: false,
};

async function ask(text: string, rate: MarketRate | null = RATE) {
  let asked = 0;
  const agent = new QueryAgent(memorySources({}), () => {
    asked += 1;
    return Promise.resolve(rate);
  });
  const intent = parseIntent(text, context);
  if (intent.kind !== 'query') throw new Error(`"${text}" is not a question: ${intent.kind}`);
  const reply = await agent.respond(intent as QueryIntent, scope);
  expect(assistantReplySchema.safeParse(reply).success).toBe(true);
  return { reply, asked };
}

describe('worth and total answers', () => {
  it("values the EURC in dollars at the rate, marked approximate, with the rate's date", async () => {
    const { reply } = await ask("what's my EURC worth in dollars");
    expect(reply.text).toBe(
      'Your 1,000.00 EURC is worth about 1,083.40 USDC (1 EUR = 1.0834 USD, ECB, as of 5 Dec).',
    );
    expect(reply.facts).toEqual({
      topic: 'worth',
      userId: 'user1',
      currency: 'USDC',
      total: '1083.4',
      approximate: true,
      parts: [{ currency: 'EURC', amount: '1000', converted: '1083.4' }],
      rate: RATE,
    });
  });

  it('adds every balance up in the default currency for "total balance"', async () => {
    const { reply } = await ask('total balance');
    expect(reply.text).toBe(
      'In total you have about 6,083.40 USDC: 5,000.00 USDC and 1,000.00 EURC, at 1 EUR = 1.0834 USD, ECB, as of 5 Dec.',
    );
    expect(reply.facts).toMatchObject({ topic: 'total', currency: 'USDC', total: '6083.4' });
    const inEuros = await ask("what's my total in euros");
    expect(inEuros.reply.facts).toMatchObject({ currency: 'EURC', total: '5615.100609' });
  });

  it('says a stale rate is stale, in the words and the facts', async () => {
    const { reply } = await ask('total balance', { ...RATE, ageDays: 9, stale: true });
    expect(reply.text).toContain('(stale: the rate is 9 days old)');
    expect(reply.facts).toMatchObject({ rate: { stale: true } });
    expect(reply.facts && queryFactLines(reply.facts, 'UTC')).toContain(
      'Rate: 1 EUR = 1.0834 USD, ECB, as of 5 Dec (stale)',
    );
  });

  it('gives no made-up total when no rate is known, and still lists the balances', async () => {
    const { reply } = await ask('total balance', null);
    expect(reply.text).toBe(
      "You have 5,000.00 USDC and 1,000.00 EURC. ArcFlux can't add them up right now: no EUR/USD rate is known yet (the rate source could not be reached).",
    );
    expect(reply.facts).toMatchObject({ topic: 'total', total: null, rate: null });
  });

  it('reads the rate only for questions that convert', async () => {
    expect((await ask("what's my balance")).asked).toBe(0);
    expect((await ask('how much is my EURC in USD')).asked).toBe(1);
  });
});
