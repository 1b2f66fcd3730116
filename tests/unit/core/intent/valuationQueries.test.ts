import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { demoContext } from '../../../support/intentContext';

const context = demoContext();
const parse = (text: string) => parseIntent(text, context);

describe('worth and total questions', () => {
  it.each([
    ["what's my EURC worth in dollars", { currency: 'EURC', target: 'USDC' }],
    ['what is my eurc worth in usd', { currency: 'EURC', target: 'USDC' }],
    ['how much is my EURC in USD', { currency: 'EURC', target: 'USDC' }],
    ['how much are my euros in dollars?', { currency: 'EURC', target: 'USDC' }],
    ["what's my EURC worth", { currency: 'EURC', target: 'USDC' }],
    ['what are my dollars worth in euros', { currency: 'USDC', target: 'EURC' }],
    ['how much is my USDC in EUR', { currency: 'USDC', target: 'EURC' }],
  ])('reads "%s" as a worth question', (text, expected) => {
    expect(parse(text)).toEqual({ kind: 'query', topic: 'worth', ...expected });
  });

  it.each([
    ['total balance', {}],
    ['Total balance?', {}],
    ["what's my total in dollars", { target: 'USDC' }],
    ['what is my total balance in euros', { target: 'EURC' }],
    ['how much do I have in total', {}],
    ['how much money do i have altogether', {}],
    ['show my combined balance', {}],
    ['my balances added up', {}],
    ['net worth', {}],
  ])('reads "%s" as a total question', (text, expected) => {
    expect(parse(text)).toEqual({ kind: 'query', topic: 'total', ...expected });
  });

  it.each([
    ["what's my balance", 'balance'],
    ['how much eurc do i have', 'balance'],
    ['what was my total spending last month', 'history'],
    ['how much did i send in total last month', 'history'],
  ])('leaves "%s" with its old topic', (text, topic) => {
    expect(parse(text)).toMatchObject({ kind: 'query', topic });
  });

  it('never answers a request to convert money with an estimate', () => {
    for (const text of ['convert my EURC to USDC', 'exchange my euros in dollars']) {
      const intent = parse(text);
      expect(intent.kind === 'query' && ['worth', 'total'].includes(intent.topic)).toBe(false);
    }
  });

  it('never answers a question about a stated amount with the balance', () => {
    for (const text of ['how much is 100 EURC in USD', 'what are 50 euros worth in dollars']) {
      const intent = parse(text);
      expect(intent.kind === 'query' && ['worth', 'total'].includes(intent.topic)).toBe(false);
    }
  });

  it('keeps a payment in euros a payment', () => {
    expect(parse('pay User Two 20 EURC')).toMatchObject({ kind: 'payment', currency: 'EURC' });
  });
});
