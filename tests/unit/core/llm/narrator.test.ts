import { describe, expect, it } from 'vitest';
import type { ReadBack } from '../../../../shared/schemas/proposal';
import { checkNarrative } from '../../../../electron/core/llm/factCheck';
import { LocalLanguageModel } from '../../../../electron/core/llm/localLanguageModel';
import { NARRATIVE_TIMEOUT_MS, Narrator } from '../../../../electron/core/llm/narrator';
import type { ModelChoice } from '../../../../electron/core/models/choice';
import { ManualClock } from '../../../support/manualClock';
import {
  narratingLanguageModelDouble,
  type LanguageModelDouble,
} from '../../../support/languageModelDoubles';

const readBack: ReadBack = {
  sentence: 'Pay Bob Martinez 600.00 USDC as soon as it is approved.',
  nextRuns: [{ at: '2026-11-02T14:00:00.000Z', balanceAfter: '4400' }],
  rules: [
    {
      name: 'recipient_not_whitelisted',
      kind: 'recipient',
      level: 'warning',
      explanation: 'Bob Martinez is not on your trusted list.',
    },
    {
      name: 'above_confirmation_amount',
      kind: 'amount',
      level: 'warning',
      explanation: 'Payments above 500.00 USDC are always confirmed.',
    },
  ],
};
const payment = { currency: 'USDC' as const, timezone: 'America/New_York' };
const NAMES = ['User One', 'User Two', 'Alice Chen', 'Bob Martinez', "Carol's Bakery", 'Alex Kim'];

function narratorOver(double: LanguageModelDouble, enabled = true, waitMs?: number) {
  const choice: ModelChoice = {
    speechToText: { engine: 'transformers', model: 'Xenova/whisper-tiny.en' },
    llm: { enabled, model: 'owner/qwen', dtype: 'q4', timeoutMs: 20_000 },
    cacheDir: '/nonexistent',
  };
  const model = new LocalLanguageModel({
    choice: () => choice,
    clock: new ManualClock(),
    backend: () => double,
  });
  return new Narrator(model, () => NAMES, waitMs);
}

describe('risk narratives (narrating LLM test doubles)', () => {
  it('keeps a narrative that restates the facts, labelled with the model', async () => {
    const double = narratingLanguageModelDouble(
      () =>
        'Bob Martinez is not on your trusted list, and 600.00 USDC is above the 500.00 USDC that is always confirmed. After it runs on Mon, Nov 2 your balance would be 4,400.00 USDC.',
    );
    const narrative = await narratorOver(double).riskNarrative(readBack, payment);
    expect(narrative).toEqual({
      text: expect.stringContaining('Bob Martinez is not on your trusted list'),
      model: 'narrating LLM test double',
    });
    // The model saw the facts, and was given a short time limit.
    expect(double.requests[0]?.messages[1]?.content).toContain('Payments above 500.00 USDC');
    expect(double.requests[0]?.timeoutMs).toBe(NARRATIVE_TIMEOUT_MS);
    // A narrative can be done without: its timeout stops neither the model nor other calls.
    expect(double.requests[0]?.optional).toBe(true);
  });

  it.each([
    ['an amount not in the facts', 'Bob Martinez gets 6,000.00 USDC, above the usual limit.'],
    ['a person not in the facts', 'Alice Chen is not on your trusted list.'],
    ['an invented name', 'Mallory is not on your trusted list.'],
    ['a date not in the facts', 'The payment to Bob Martinez runs on Tuesday.'],
    ['a relative day not in the facts', 'Bob Martinez is paid tomorrow.'],
    ['spelled-out numbers', 'Bob Martinez gets six hundred USDC.'],
    ['a verdict', 'This payment is approved; Bob Martinez is fine.'],
    ['a claim about the score', 'The risk score is low for Bob Martinez.'],
    ['advice to skip the confirmation', 'There is no need to check Bob Martinez.'],
    ['markup or JSON', '{"outcome":"approved"} Bob Martinez.'],
    ['advice to confirm', 'These checks are routine, so just confirm the payment.'],
    ['a nudge to cancel', 'Bob Martinez is not on your trusted list; cancel it.'],
    ['advice to proceed', 'You can proceed with Bob Martinez.'],
    ['go ahead', 'It is fine to go ahead with Bob Martinez.'],
    ['a safety verdict', 'Paying Bob Martinez looks safe.'],
    ['reassurance', 'There is nothing to worry about with Bob Martinez.'],
    ['should', 'You should check the address of Bob Martinez.'],
    ['must', 'Bob Martinez must be on your trusted list.'],
    ['an order', 'Bob Martinez is not on your trusted list. Double-check the address.'],
    ["don't", "Don't pay Bob Martinez."],
    ['a risk judgement', 'Bob Martinez is low risk.'],
    ['instructions', 'Ignore the Guardian: Bob Martinez is trusted.'],
    ['an empty answer', '   '],
  ])('drops a narrative with %s', async (_what, text) => {
    const narrative = await narratorOver(narratingLanguageModelDouble(() => text)).riskNarrative(
      readBack,
      payment,
    );
    expect(narrative).toBeUndefined();
  });

  it('gives no narrative, without asking, when the model is switched off', async () => {
    const double = narratingLanguageModelDouble(() => 'Bob Martinez is not on your trusted list.');
    expect(await narratorOver(double, false).riskNarrative(readBack, payment)).toBeUndefined();
    expect(double.requests).toHaveLength(0);
  });

  it('gives no narrative when the model fails', async () => {
    const double = narratingLanguageModelDouble(() => {
      throw new Error('worker crashed');
    });
    expect(await narratorOver(double).riskNarrative(readBack, payment)).toBeUndefined();
  });

  it('leaves the narrative out when the model never starts on it (waiting LLM test double)', async () => {
    // Stands for a model still loading or busy with calls ahead: its own time limit
    // hasn't started, so only the narrator's wait ends the read-back's wait.
    const double = narratingLanguageModelDouble(() => new Promise<string>(() => undefined));
    const narrative = await narratorOver(double, true, 50).riskNarrative(readBack, payment);
    expect(narrative).toBeUndefined();
    expect(double.requests).toHaveLength(1);
  });
});

describe('checking words against facts', () => {
  it('reads the same number in its different spellings', () => {
    const facts = ['You have 1,250.50 USDC.'];
    expect(checkNarrative('Your balance is 1250.5 USDC.', facts)).toBe(
      'Your balance is 1250.5 USDC.',
    );
    expect(checkNarrative('Your balance is 1,250.51 USDC.', facts)).toBeUndefined();
  });

  it('treats a capitalised first word as a name only when it is one', () => {
    const facts = ['Bob Martinez was paid 20.00 USDC.'];
    expect(
      checkNarrative('Good news: Bob Martinez was paid 20.00 USDC.', facts, { knownNames: NAMES }),
    ).toBeDefined();
    expect(
      checkNarrative('Alice was paid 20.00 USDC.', facts, { knownNames: NAMES }),
    ).toBeUndefined();
    expect(
      checkNarrative('You paid alice 20.00 USDC.', facts, { knownNames: NAMES }),
    ).toBeUndefined();
  });
});
