import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStatuses } from '../../../../electron/core/models/engineStatus';
import { loadModelRegistry } from '../../../../electron/core/models/registry';
import type { ModelChoiceSetting, ModelStatus } from '../../../../shared/schemas/model';
import { temporaryFolder } from '../../../support/dataFolder';

const registry = await loadModelRegistry();
const folders: { remove(): void }[] = [];
afterEach(() => folders.splice(0).forEach((folder) => folder.remove()));

function statuses(states: Record<string, ModelStatus['state']> = {}): ModelStatus[] {
  return registry.map((model) => ({
    id: model.id,
    state: states[model.id] ?? 'missing',
    reason:
      states[model.id] === 'broken'
        ? 'tokenizer.json is missing. Delete the model and download it again.'
        : 'x',
    bytesOnDisk: 0,
  }));
}

const transformers: ModelChoiceSetting = {
  speechToText: { engine: 'transformers', model: 'Xenova/whisper-tiny.en' },
  llm: { enabled: false, model: 'onnx-community/Qwen3-0.6B-ONNX' },
};
const whisperCpp: ModelChoiceSetting = {
  ...transformers,
  speechToText: { engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' },
};

describe('engine status', () => {
  it('maps the chosen model state to the engine, with the way forward', () => {
    const sources = { registry, cacheDir: '/nowhere' };
    const [paused] = engineStatuses(transformers, {
      ...sources,
      statuses: statuses({ 'Xenova/whisper-tiny.en': 'paused' }),
    });
    expect(paused).toMatchObject({
      state: 'missing',
      reason: expect.stringContaining('only partly downloaded. Resume the download'),
    });
    const [broken] = engineStatuses(transformers, {
      ...sources,
      statuses: statuses({ 'Xenova/whisper-tiny.en': 'broken' }),
    });
    expect(broken).toMatchObject({
      state: 'broken',
      reason:
        'Whisper tiny (English), quantised: tokenizer.json is missing. Delete the model and download it again.',
    });
    const [, llm] = engineStatuses(
      { ...transformers, llm: { enabled: true, model: 'onnx-community/Qwen3-0.6B-ONNX' } },
      { ...sources, statuses: statuses({ 'onnx-community/Qwen3-0.6B-ONNX': 'ready' }) },
    );
    expect(llm).toMatchObject({ task: 'text-generation', state: 'ready' });
    // Installed without a checksum: it runs, and the engine never calls it verified.
    const [unverified] = engineStatuses(transformers, {
      ...sources,
      statuses: statuses({ 'Xenova/whisper-tiny.en': 'installed_unverified' }),
    });
    expect(unverified).toMatchObject({
      state: 'ready',
      reason:
        'Whisper tiny (English), quantised is installed, but not verified: ArcFlux had no checksum to check its files against.',
    });
    const [unknown] = engineStatuses(
      { ...transformers, speechToText: { engine: 'transformers', model: 'gone/model' } },
      { ...sources, statuses: statuses() },
    );
    expect(unknown).toMatchObject({
      state: 'broken',
      reason: expect.stringContaining('not a speech-to-text model'),
    });
  });

  it('says whisper.cpp cannot be built where the compiler is missing', () => {
    const [speech] = engineStatuses(whisperCpp, {
      registry,
      cacheDir: '/nowhere',
      statuses: statuses({ 'ggerganov/whisper.cpp': 'ready' }),
      whisperCppBuild: () => ({ built: false, missingTools: ['cc', 'c++'] }),
    });
    expect(speech).toMatchObject({
      engine: 'whisper-cpp',
      state: 'broken',
      reason: expect.stringMatching(
        /has to be built on first use, and cc, c\+\+ are not installed\. Install a C\/C\+\+ compiler and make \(Debian: "apt-get install build-essential"/,
      ),
    });
    const [buildable] = engineStatuses(whisperCpp, {
      registry,
      cacheDir: '/nowhere',
      statuses: statuses({ 'ggerganov/whisper.cpp': 'ready' }),
      whisperCppBuild: () => ({ built: false, missingTools: [] }),
    });
    expect(buildable).toMatchObject({
      state: 'ready',
      reason: expect.stringContaining('will be built on the first recording'),
    });
  });

  it('checks a whisper.cpp size or file name against the cache', () => {
    const cache = temporaryFolder('arcflux-engines-');
    folders.push(cache);
    const choice: ModelChoiceSetting = {
      ...transformers,
      speechToText: { engine: 'whisper-cpp', model: 'base.en' },
    };
    const sources = {
      registry,
      cacheDir: cache.path,
      statuses: statuses(),
      whisperCppBuild: () => ({ built: true, missingTools: [] }),
    };
    const [missing] = engineStatuses(choice, sources);
    expect(missing).toMatchObject({
      state: 'missing',
      reason: expect.stringContaining(
        join(cache.path, 'ggerganov', 'whisper.cpp', 'ggml-base.en.bin'),
      ),
    });
    mkdirSync(join(cache.path, 'ggerganov', 'whisper.cpp'), { recursive: true });
    writeFileSync(join(cache.path, 'ggerganov', 'whisper.cpp', 'ggml-base.en.bin'), 'ggml');
    expect(engineStatuses(choice, sources)[0]).toMatchObject({
      state: 'ready',
      reason: expect.stringContaining('whisper.cpp is built'),
    });
  });
});
