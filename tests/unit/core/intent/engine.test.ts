import { describe, expect, it } from 'vitest';
import type { Intent } from '../../../../shared/schemas/intent';
import {
  modelUnavailableReason,
  rulesEngine,
  understand,
  type IntentEngine,
  type IntentEngines,
} from '../../../../electron/core/intent/engine';
import { demoContext } from '../../../support/intentContext';

const context = demoContext();

/** A stand-in for the later model engine that answers whatever it was told to. */
function fakeModel(answer: unknown, unavailable?: string): IntentEngine & { calls: number } {
  return {
    name: 'llm',
    calls: 0,
    unavailableReason: () => unavailable,
    async parse() {
      this.calls += 1;
      return answer as Intent;
    },
  };
}

describe('intent engines', () => {
  it('uses the rules engine when asked', async () => {
    const result = await understand('pay bob 20', 'rules', { rules: rulesEngine }, context);
    expect(result).toMatchObject({ engine: 'rules', intent: { kind: 'payment', amount: '20' } });
  });

  it('says plainly that no model can run when llm is requested without one', async () => {
    const engines: IntentEngines = {
      rules: rulesEngine,
      llmMissingReason: 'models.llm.enabled is false',
    };
    expect(modelUnavailableReason(engines)).toBe('models.llm.enabled is false');
    await expect(understand('pay bob 20', 'llm', engines, context)).rejects.toThrow(
      /LLM intent engine was requested, but no local language model can run: models\.llm\.enabled is false\. Nothing was parsed\./,
    );
    const downloading = fakeModel({ kind: 'confirm' }, 'the model is still downloading');
    await expect(
      understand('yes', 'llm', { rules: rulesEngine, llm: downloading }, context),
    ).rejects.toMatchObject({ code: 'unavailable' });
    expect(downloading.calls).toBe(0);
  });

  it('in auto mode, asks the model only when the rules understood nothing', async () => {
    const model = fakeModel({ kind: 'query', topic: 'balance' });
    const engines = { rules: rulesEngine, llm: model };
    expect(await understand('pay bob 20', 'auto', engines, context)).toMatchObject({
      engine: 'rules',
    });
    expect(model.calls).toBe(0);
    expect(await understand('how am i doing money-wise', 'auto', engines, context)).toMatchObject({
      engine: 'llm',
      intent: { kind: 'query', topic: 'balance' },
    });
  });

  it('falls back to the rules, and says so, when auto has no model', async () => {
    const result = await understand('hmm', 'auto', { rules: rulesEngine }, context);
    expect(result).toEqual({
      engine: 'rules',
      intent: expect.objectContaining({ kind: 'unknown' }),
    });
  });

  it('never trusts a model with money: invalid output or an amount not said is refused', async () => {
    const invented = fakeModel({
      kind: 'payment',
      amount: '5000',
      currency: 'USDC',
      recipient: { text: 'bob', userId: 'user4' },
      schedule: { kind: 'once', runAt: null },
      problems: [],
    });
    const result = await understand(
      'give my friend what I owe him',
      'llm',
      { rules: rulesEngine, llm: invented },
      context,
    );
    expect(result.intent).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('not in the command'),
    });
    const broken = fakeModel({ kind: 'payment', amount: 12 });
    const garbage = await understand('x', 'llm', { rules: rulesEngine, llm: broken }, context);
    expect(garbage.intent).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('not a valid intent'),
    });
  });
});
