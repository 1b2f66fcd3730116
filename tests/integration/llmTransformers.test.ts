import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TransformersLanguageModel } from '../../electron/core/llm/transformersLanguageModel';
import { configWith, moneyFolder, openMoneyCore } from '../support/moneyCore';
import { tinyModelsDir, tinyQwen } from '../support/tinyModels';

/**
 * A model folder with everything but the weights: the committed tiny Qwen3's config and
 * tokenizer files (real files that transformers.js loads offline), without its ONNX file,
 * as on a fresh install.
 */
function folderWithoutWeights(): { cacheDir: string; remove(): void } {
  const cacheDir = mkdtempSync(join(tmpdir(), 'arcflux-llm-'));
  const folder = join(cacheDir, 'test-owner', 'qwen3-without-weights');
  mkdirSync(folder, { recursive: true });
  for (const file of [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
  ]) {
    cpSync(join(tinyModelsDir, tinyQwen, file), join(folder, file));
  }
  return { cacheDir, remove: () => rmSync(cacheDir, { recursive: true, force: true }) };
}

describe('Qwen3 through transformers.js against a folder without weights', () => {
  const folder = folderWithoutWeights();
  const model = new TransformersLanguageModel({
    cacheDir: folder.cacheDir,
    model: 'test-owner/qwen3-without-weights',
    dtype: 'q4',
    label: 'Qwen3 0.6B, 4-bit',
  });
  afterAll(async () => {
    await model.close();
    folder.remove();
  });
  const request = {
    messages: [{ role: 'user' as const, content: 'Command: "pay bob 20"' }],
    maxTokens: 16,
    timeoutMs: 60_000,
  };

  it('says which file is missing before loading anything', () => {
    expect(model.unavailableReason()).toBe(
      `Qwen3 0.6B, 4-bit is not installed: ${join(folder.cacheDir, 'test-owner', 'qwen3-without-weights', 'onnx', 'model_q4.onnx')} is missing. Download it in Settings > Models, or install it from a folder.`,
    );
  });

  it('fails to load with our "not installed" message, offline', async () => {
    await expect(model.generate(request)).rejects.toMatchObject({
      name: 'CoreError',
      code: 'unavailable',
      message: expect.stringMatching(
        // The file's name only: the folders it lives in are nobody's business on screen.
        /^Qwen3 0\.6B, 4-bit is not installed: model_q4\.onnx is missing\. Download it in Settings > Models, or install it from a folder\.$/,
      ),
    });
  });

  it('keeps failing cleanly on a second call (the worker survives)', async () => {
    await expect(model.generate(request)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it("doesn't count the model's load against the call's time limit", async () => {
    // The load takes far longer than 1 ms and fails: that failure is the answer, not a
    // timeout (timeouts themselves are tested with a pipeline double, transformersWorker.test).
    const slow = new TransformersLanguageModel({
      cacheDir: folder.cacheDir,
      model: 'test-owner/qwen3-without-weights',
      dtype: 'q4',
    });
    await expect(slow.generate({ ...request, timeoutMs: 1 })).rejects.toThrow(
      /^qwen3-without-weights is not installed: /,
    );
    await slow.close();
  });
});

describe('a core with the language model switched on but not installed', () => {
  it('says so for --engine llm, and carries on with the rules everywhere else', async () => {
    const models = folderWithoutWeights();
    const data = moneyFolder();
    const configPath = configWith(data.path, (config) => {
      config.models.cacheDir = models.cacheDir;
      config.models.llm = {
        ...config.models.llm,
        enabled: true,
        model: 'test-owner/qwen3-without-weights',
      };
    });
    const money = await openMoneyCore({ dataDir: data.path, configPath });
    try {
      const refused = await money.fail('intents:parse', { text: 'pay bob 20', engine: 'llm' });
      expect(refused.code).toBe('unavailable');
      expect(refused.message).toMatch(
        /no local language model can run: qwen3-without-weights is not installed: \S*onnx\/model_q4\.onnx is missing\. .*Nothing was parsed/,
      );
      const result = await money.call('commands:run', { text: 'pay bob 20' });
      expect(result.intent).toMatchObject({ kind: 'payment', amount: '20' });
      expect(result.intent).not.toHaveProperty('modelReading');
      expect(result.proposal?.readBack).not.toHaveProperty('narrative');
    } finally {
      await money.core.close();
      data.remove();
      models.remove();
    }
  });
});
