import { isAbsolute, join, resolve } from 'node:path';
import type { ModelEntry } from '../../../shared/schemas/model';
import type { SpeechToText } from './speechToText';
import { TransformersSpeechToText } from './transformersSpeech';
import { WhisperCppSpeechToText } from './whisperCppSpeech';

export type SpeechEngineName = 'transformers' | 'whisper-cpp';

export interface SpeechEngineChoice {
  engine: SpeechEngineName;
  /**
   * transformers: a model id in the cache ("Xenova/whisper-tiny.en"). whisper-cpp: a ggml
   * file ("./ggml-base.en.bin") or a size ("base.en" -> the cache's ggml-base.en.bin).
   */
  model?: string;
  /** The model cache folder (absolute). */
  cacheDir: string;
  registry: readonly ModelEntry[];
  timeoutMs?: number;
}

const WHISPER_CPP_ID = 'ggerganov/whisper.cpp';
const DEFAULTS: Record<SpeechEngineName, string> = {
  transformers: 'Xenova/whisper-tiny.en',
  'whisper-cpp': 'tiny.en',
};

/** Builds the chosen engine over the local model cache, with names people recognise. */
export function createSpeechToText(choice: SpeechEngineChoice): SpeechToText & {
  close?: () => Promise<void>;
} {
  const model = choice.model ?? DEFAULTS[choice.engine];
  if (choice.engine === 'transformers') {
    const entry = choice.registry.find((candidate) => candidate.id === model);
    return new TransformersSpeechToText({
      cacheDir: choice.cacheDir,
      model,
      label: entry?.label ?? model,
      timeoutMs: choice.timeoutMs,
    });
  }
  const modelPath = whisperCppModelPath(model, choice.cacheDir, choice.registry);
  const chosen = choice.registry.find(
    (candidate) => candidate.id === model && candidate.engine === 'whisper-cpp',
  );
  const entry = choice.registry.find((candidate) => candidate.id === WHISPER_CPP_ID);
  const label =
    chosen?.label ??
    (!model.endsWith('.bin') && model === DEFAULTS['whisper-cpp'] && entry
      ? entry.label
      : `whisper.cpp model ${model}`);
  return new WhisperCppSpeechToText({ modelPath, label, timeoutMs: choice.timeoutMs });
}

/**
 * The ggml file a whisper.cpp model name stands for: a registry id (as Settings > Models
 * saves it) is its .bin file in the cache, a path ending in .bin is that file, and a size
 * ("base.en") is the cache's ggml-base.en.bin.
 */
export function whisperCppModelPath(
  model: string,
  cacheDir: string,
  registry: readonly ModelEntry[],
): string {
  const entry = registry.find(
    (candidate) => candidate.id === model && candidate.engine === 'whisper-cpp',
  );
  const file = entry?.files.find((candidate) => candidate.path.endsWith('.bin'));
  if (entry && file) return join(cacheDir, ...entry.id.split('/'), ...file.path.split('/'));
  if (model.endsWith('.bin')) return isAbsolute(model) ? model : resolve(model);
  return join(cacheDir, ...WHISPER_CPP_ID.split('/'), `ggml-${model}.bin`);
}
