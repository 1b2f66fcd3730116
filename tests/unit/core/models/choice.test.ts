import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSystemConfig } from '../../../../electron/core/config/systemConfig';
import { currentModelChoice, defaultModelChoice } from '../../../../electron/core/models/choice';
import { SettingsRepository } from '../../../../electron/core/repositories/settings';
import { repositoryRoot, temporaryFolder } from '../../../support/dataFolder';
import { ManualClock } from '../../../support/manualClock';
import { sampleSettings } from '../../../support/samples';

const config = parseSystemConfig(
  await readFile(join(repositoryRoot, 'system_config.json'), 'utf8'),
  'system_config.json',
);
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

function folder() {
  const made = temporaryFolder('arcflux-choice-');
  folders.push(made);
  return made.path;
}

describe('currentModelChoice', () => {
  it('returns the saved choice over the config, keeping the LLM dtype and timeout from it', async () => {
    const dataDir = folder();
    const settings = await SettingsRepository.open(dataDir, new ManualClock(), sampleSettings());
    await settings.chooseModels({
      speechToText: { engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' },
      llm: { enabled: true, model: 'onnx-community/Qwen3-0.6B-ONNX' },
    });
    const choice = currentModelChoice({ config, dataDir, settings });
    expect(choice).toEqual({
      speechToText: { engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' },
      llm: { ...config.models.llm, enabled: true },
      cacheDir: join(dataDir, 'models'),
    });
    // Without settings (a one-shot tool outside the core) the config decides.
    expect(currentModelChoice({ config, dataDir }).speechToText).toEqual(
      config.models.speechToText,
    );
  });

  it('upgrades a format-1 settings file with the model choice from system_config.json', async () => {
    const dataDir = folder();
    const { models: _models, undoSeconds: _undo, ...before } = sampleSettings();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ schemaVersion: 1, data: { ...before, timezone: 'Europe/Paris' } }),
    );
    const defaults = sampleSettings({ models: defaultModelChoice(config) });
    const settings = await SettingsRepository.open(dataDir, new ManualClock(), defaults);
    expect(settings.get()).toMatchObject({
      timezone: 'Europe/Paris',
      models: defaultModelChoice(config),
    });
    const saved = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
    expect(saved.schemaVersion).toBe(3);
    expect(saved.data.undoSeconds).toBe(defaults.undoSeconds);
    expect(saved.data.models.speechToText).toEqual({
      engine: 'transformers',
      model: 'Xenova/whisper-tiny.en',
    });
  });

  it('upgrades a format-2 settings file with the undo window from system_config.json', async () => {
    const dataDir = folder();
    const { undoSeconds: _undo, ...before } = sampleSettings({ timezone: 'Europe/Paris' });
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ schemaVersion: 2, data: before }),
    );
    const settings = await SettingsRepository.open(
      dataDir,
      new ManualClock(),
      sampleSettings({ undoSeconds: 25 }),
    );
    expect(settings.get()).toMatchObject({ timezone: 'Europe/Paris', undoSeconds: 25 });
  });

  it('refuses a settings file from a newer ArcFlux instead of guessing', async () => {
    const dataDir = folder();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ schemaVersion: 4, data: sampleSettings() }),
    );
    await expect(
      SettingsRepository.open(dataDir, new ManualClock(), sampleSettings()),
    ).rejects.toMatchObject({
      code: 'corrupt_data',
      message: expect.stringContaining('newer version of ArcFlux'),
    });
  });
});
