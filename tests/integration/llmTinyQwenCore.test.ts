import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, LanguageModel } from '../../electron/core/llm/languageModel';
import { TransformersLanguageModel } from '../../electron/core/llm/transformersLanguageModel';
import { configWith, moneyFolder, openMoneyCore, type MoneyCore } from '../support/moneyCore';
import { tinyModelsDir, tinyQwen } from '../support/tinyModels';

/**
 * The core with its language model switched on and pointing at the tiny RANDOM-WEIGHT
 * Qwen3 (tools/tiny-models): the real worker, chat template and generation loop run, and
 * what comes back is garbage. So this shows what ArcFlux does with a real model's
 * untrusted output end to end: nothing of it reaches money, and the typed path still works.
 */
let money: MoneyCore;
let folder: { path: string; remove(): void };
/** The real model, wrapped only to keep what it wrote; nothing is scripted. */
const written: string[] = [];

function keepingWhatItWrites(model: LanguageModel): LanguageModel {
  return {
    label: model.label,
    unavailableReason: () => model.unavailableReason?.(),
    generate: async (request: GenerateRequest) => {
      const text = await model.generate(request);
      written.push(text);
      return text;
    },
    close: () => model.close?.() ?? Promise.resolve(),
  };
}

beforeAll(async () => {
  folder = moneyFolder();
  const configPath = configWith(folder.path, (config) => {
    config.models.cacheDir = tinyModelsDir;
    config.models.llm = { enabled: true, model: tinyQwen, dtype: 'q4', timeoutMs: 120_000 };
  });
  money = await openMoneyCore({
    dataDir: folder.path,
    configPath,
    languageModel: (llm, cacheDir) =>
      keepingWhatItWrites(
        new TransformersLanguageModel({ cacheDir, model: llm.model, dtype: llm.dtype }),
      ),
  });
});

afterAll(async () => {
  await money?.core.close();
  folder?.remove();
});

describe('commands:run with the tiny random-weight Qwen3 switched on (the real model code, garbage output)', () => {
  it('keeps the rules reading of a clear payment, and the garbage changes nothing', async () => {
    const before = written.length;
    const result = await money.call('commands:run', { text: 'Pay Bob 20 USDC' });
    // The model was really asked (as a cross-check) and really wrote something.
    expect(written.length).toBeGreaterThan(before);
    expect(written.slice(before).join('')).not.toBe('');
    expect(result.payment).toMatchObject({ amount: '20', currency: 'USDC' });
    expect(result.intent).toMatchObject({ kind: 'payment', recipient: { text: 'Bob' } });
    // Garbage is no payment reading, so there is nothing to agree or disagree with.
    expect(result.intent).not.toHaveProperty('modelReading');
    // Asked to explain the Guardian's rules, it wrote garbage: no narrative is shown.
    expect(result.proposal?.readBack).toBeDefined();
    expect(result.proposal?.readBack.narrative ?? null).toBeNull();
  });

  it('asks back, and records no payment, when neither the rules nor the model understood', async () => {
    const before = written.length;
    const paymentsBefore = (await money.call('payments:list', {})).total;
    const result = await money.call('commands:run', { text: 'sing me a song about Bob' });
    expect(written.length).toBeGreaterThan(before);
    expect(result.decision.outcome).toBe('clarify');
    expect(result.payment).toBeNull();
    expect((await money.call('payments:list', {})).total).toBe(paymentsBefore);
  });

  it('answers a question from the ledger and drops the model wording that is not the facts', async () => {
    const before = written.length;
    const result = await money.call('commands:run', { text: 'What is my balance?' });
    expect(written.length).toBeGreaterThan(before);
    expect(result.decision.reply).toContain('5,000.00 USDC');
    expect(result.narrative ?? null).toBeNull();
  });
});
