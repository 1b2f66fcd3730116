import { describe, expect, it } from 'vitest';
import type { ModelChoice } from '../../../../electron/core/models/choice';
import { LocalLanguageModel } from '../../../../electron/core/llm/localLanguageModel';
import { ManualClock } from '../../../support/manualClock';
import {
  scriptedLanguageModelDouble,
  timingOutLanguageModelDouble,
  type LanguageModelDouble,
} from '../../../support/languageModelDoubles';

function choiceWith(llm: Partial<ModelChoice['llm']>): ModelChoice {
  return {
    speechToText: { engine: 'transformers', model: 'Xenova/whisper-tiny.en' },
    llm: { enabled: true, model: 'owner/model-a', dtype: 'q4', timeoutMs: 150, ...llm },
    cacheDir: '/nonexistent/models',
  };
}

const request = { messages: [{ role: 'user' as const, content: 'Command: "hi"' }], maxTokens: 8 };

describe("the core's local language model (LLM test doubles as backends)", () => {
  it('follows the choice at each use: off, on, another model', async () => {
    let choice = choiceWith({ enabled: false });
    const built: { model: string; double: LanguageModelDouble; closed: boolean }[] = [];
    const model = new LocalLanguageModel({
      choice: () => choice,
      clock: new ManualClock(),
      backend: (llm) => {
        const double = scriptedLanguageModelDouble(() => `answer from ${llm.model}`);
        const entry = { model: llm.model, double, closed: false };
        built.push(entry);
        return { ...double, close: async () => void (entry.closed = true) };
      },
    });
    expect(model.unavailableReason()).toBe(
      'the local language model is switched off in Settings > Models',
    );
    await expect(model.generate(request)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The local language model is switched off in Settings > Models.',
    });
    choice = choiceWith({});
    expect(model.unavailableReason()).toBeUndefined();
    expect(await model.generate(request)).toBe('answer from owner/model-a');
    choice = choiceWith({ model: 'owner/model-b' });
    expect(await model.generate(request)).toBe('answer from owner/model-b');
    expect(built.map((entry) => [entry.model, entry.closed])).toEqual([
      ['owner/model-a', true],
      ['owner/model-b', false],
    ]);
  });

  it('caps every request at the configured time limit', async () => {
    const double = scriptedLanguageModelDouble(() => 'ok');
    const model = new LocalLanguageModel({
      choice: () => choiceWith({ timeoutMs: 300 }),
      clock: new ManualClock(),
      backend: () => double,
    });
    await model.generate({ ...request, timeoutMs: 5000 });
    await model.generate({ ...request, timeoutMs: 100 });
    await model.generate(request);
    expect(double.requests.map((sent) => sent.timeoutMs)).toEqual([300, 100, 300]);
  });

  it('rests for a minute after a timeout, then tries again', async () => {
    const clock = new ManualClock();
    const double = timingOutLanguageModelDouble();
    const model = new LocalLanguageModel({
      choice: () => choiceWith({ timeoutMs: 100 }),
      clock,
      backend: () => double,
    });
    await expect(model.generate(request)).rejects.toThrow(/took longer than 100 ms/);
    expect(model.unavailableReason()).toMatch(
      /took longer than 100 ms.*tries the model again in a minute/,
    );
    await expect(model.generate(request)).rejects.toThrow(/tries the model again/);
    expect(double.requests).toHaveLength(1);
    clock.advance(61_000);
    expect(model.unavailableReason()).toBeUndefined();
  });

  it('an optional call that times out leaves the model ready for the next call', async () => {
    const double = timingOutLanguageModelDouble();
    const model = new LocalLanguageModel({
      choice: () => choiceWith({ timeoutMs: 100 }),
      clock: new ManualClock(),
      backend: () => double,
    });
    await expect(model.generate({ ...request, optional: true })).rejects.toThrow(
      /took longer than 100 ms/,
    );
    expect(model.unavailableReason()).toBeUndefined();
    expect(double.requests[0]?.optional).toBe(true);
  });
});
