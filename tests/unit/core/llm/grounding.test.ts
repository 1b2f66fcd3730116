import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../../electron/core/intent/parseIntent';
import { groundModelAnswer, quotes } from '../../../../electron/core/llm/grounding';
import { extractJsonObject } from '../../../../electron/core/llm/modelJson';
import { withoutThinking } from '../../../../electron/core/llm/languageModel';
import { demoContext } from '../../../support/intentContext';

const context = demoContext();
const MODEL = 'scripted LLM test double';

function ground(answer: unknown, text: string) {
  return groundModelAnswer(
    typeof answer === 'string' ? answer : JSON.stringify(answer),
    text,
    context,
    MODEL,
  );
}

function payment(fields: Record<string, unknown>) {
  return {
    kind: 'payment',
    amount: '20',
    currency: 'USDC',
    recipient: 'Bob',
    when: null,
    ...fields,
  };
}

describe('reading a model answer', () => {
  it('takes the one JSON object out of prose, fences and think blocks', () => {
    expect(extractJsonObject('Here you go:\n```json\n{"kind":"none"}\n```')).toEqual({
      kind: 'none',
    });
    expect(extractJsonObject('{"memo":"a } inside","kind":"none"}')).toEqual({
      memo: 'a } inside',
      kind: 'none',
    });
    expect(extractJsonObject('{"kind":"none"} {"kind":"payment"}')).toBeUndefined();
    expect(extractJsonObject('no json here')).toBeUndefined();
    expect(extractJsonObject('{"kind":')).toBeUndefined();
    expect(withoutThinking('<think>pay Mallory</think>\n{"kind":"none"}')).toBe('{"kind":"none"}');
    expect(withoutThinking('{"kind":"none"}<think>never closed')).toBe('{"kind":"none"}');
  });
});

describe("grounding a model reading in the user's words (scripted LLM test double answers)", () => {
  it('builds the payment from the command: contact, amount said, schedule read by ArcFlux', () => {
    const text = 'bob gets 20 usdc every friday for lunch';
    const intent = ground(payment({ when: 'every friday', memo: 'lunch' }), text);
    const rules = parseIntent('pay bob 20 usdc every friday', context);
    expect(intent).toEqual({
      kind: 'payment',
      amount: '20',
      currency: 'USDC',
      recipient: { text: 'bob', userId: 'user4' },
      schedule: rules.kind === 'payment' ? rules.schedule : null,
      memo: 'lunch',
      problems: [],
      modelReading: { verdict: 'model_only', model: MODEL },
    });
  });

  it.each([
    [
      'someone who is not a contact',
      payment({ recipient: 'Mallory' }),
      'pay bob 20',
      /"Mallory" is not exactly one of your contacts/,
    ],
    [
      'a contact the command does not name',
      payment({ recipient: 'Alice Chen' }),
      'pay bob 20',
      /chose Alice Chen, whom the command does not name/,
    ],
    [
      'an amount not said',
      payment({ amount: '9999' }),
      'pay bob 20',
      /amount that is not in the command/,
    ],
    [
      'a currency not meant',
      payment({ currency: 'EURC' }),
      'pay bob $20',
      /chose EURC, but the command means USDC/,
    ],
    [
      'a timestamp of its own',
      payment({ when: '2026-11-03T09:00:00Z' }),
      'pay bob 20 tomorrow',
      /is not in the command/,
    ],
    [
      'an RRULE of its own',
      payment({ when: 'FREQ=SECONDLY' }),
      'pay bob 20 every day',
      /is not in the command/,
    ],
    [
      'a "when" that smuggles in another payee',
      payment({ when: 'tomorrow to alice' }),
      'pay bob 20 tomorrow to alice',
      /names more than one contact/,
    ],
    [
      'an extra field (a raised limit)',
      { ...payment({}), limit: '1000000' },
      'pay bob 20',
      /not in the shape ArcFlux asked for/,
    ],
    [
      'an ambiguous name',
      payment({ recipient: 'Alex Kim' }),
      'pay alex 20',
      /chose Alex Kim, whom the command does not name/,
    ],
    [
      'a number instead of a decimal string',
      payment({ amount: 20 }),
      'pay bob 20',
      /not in the shape/,
    ],
    [
      'the day of a date as the amount',
      payment({ amount: '5', when: 'on june 5' }),
      'pay bob on june 5',
      /amount that is not in the command/,
    ],
    [
      'the interval of a repetition as the amount',
      payment({ amount: '2', when: 'every 2 weeks' }),
      'send bob money every 2 weeks',
      /amount that is not in the command/,
    ],
    [
      'a count of days as the amount',
      payment({ amount: '3', when: 'in 3 days' }),
      'pay bob in 3 days',
      /amount that is not in the command/,
    ],
    ['a yes', { kind: 'confirm' }, 'yes', /not in the shape/],
  ])('rejects %s with the reason', (_name, answer, text, reason) => {
    const intent = ground(answer, text);
    expect(intent.kind).toBe('unknown');
    expect(intent.kind === 'unknown' ? intent.reason : '').toMatch(reason);
  });

  it('drops a memo the command does not contain, and keeps the payment', () => {
    const intent = ground(payment({ memo: 'approved by the bank' }), 'pay bob 20');
    expect(intent).toMatchObject({ kind: 'payment', amount: '20' });
    expect(intent).not.toHaveProperty('memo');
  });

  it('keeps a quoted date the parser finds invalid as a problem to ask about', () => {
    const intent = ground(payment({ when: 'yesterday' }), 'pay bob 20 yesterday');
    expect(intent).toMatchObject({ kind: 'payment', problems: ['invalid_schedule'] });
  });

  it('grounds a question: the recipient must be named, a currency said', () => {
    expect(
      ground({ kind: 'query', topic: 'history', recipient: 'bob' }, 'how much went to bob'),
    ).toEqual({
      kind: 'query',
      topic: 'history',
      recipient: { text: 'bob', userId: 'user4' },
    });
    expect(
      ground({ kind: 'query', topic: 'balance', currency: 'EURC' }, 'how much do I have'),
    ).toMatchObject({
      kind: 'unknown',
    });
  });

  it('compares quoted words the way the parser reads them', () => {
    expect(quotes('Pay Bob 20 every Friday.', 'every friday')).toBe(true);
    expect(quotes('Pay Bob 20 every Friday', 'every fri')).toBe(false);
    expect(quotes('pay bob 20', '')).toBe(false);
  });

  it('never lets a payment through whose recipient or amount the command does not hold (property)', () => {
    const contacts = context.directory.contacts;
    const aliases = [
      'bob',
      'alice',
      'user two',
      'my landlord',
      'the bakery',
      'alex kim',
      'Mallory',
    ];
    const amounts = ['5', '20', '99.5', '1,250', '9999', 'twenty', '0', '-3'];
    const whens = [
      null,
      'tomorrow',
      'every friday',
      'on the 1st',
      '2026-12-01',
      'FREQ=DAILY',
      'now',
    ];
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...aliases),
        fc.constantFrom(...amounts),
        fc.constantFrom(...whens),
        fc.option(
          fc.constantFrom(...contacts.map((contact) => contact.displayName), 'Mallory', 'bob'),
        ),
        fc.option(fc.constantFrom(...amounts)),
        fc.option(fc.constantFrom(...whens)),
        (saidName, saidAmount, saidWhen, otherName, otherAmount, otherWhen) => {
          // Half the time the model echoes the command, half the time it makes things up.
          const modelName = otherName ?? saidName;
          const modelAmount = otherAmount ?? saidAmount;
          const modelWhen = otherWhen === null ? saidWhen : otherWhen;
          const text = `send ${saidName} ${saidAmount}${saidWhen ? ` ${saidWhen}` : ''}`;
          const intent = ground(
            payment({ recipient: modelName, amount: modelAmount, when: modelWhen }),
            text,
          );
          if (intent.kind !== 'payment') return;
          const rules = parseIntent(`pay ${saidName} ${saidAmount}`, context);
          // The rules' reading of the said name and amount is the ground truth here.
          expect(rules.kind).toBe('payment');
          if (rules.kind !== 'payment') return;
          expect(intent.recipient.userId).toBe(rules.recipient.userId);
          expect(intent.amount).toBe(rules.amount);
          if (modelWhen) expect(quotes(text, modelWhen)).toBe(true);
          expect(intent.modelReading?.verdict).toBe('model_only');
          accepted += 1;
        },
      ),
      { seed: 20_261_127, numRuns: 1000 },
    );
    // Not vacuous: grounded readings do get through.
    expect(accepted).toBeGreaterThan(5);
  });
});
