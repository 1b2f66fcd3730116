import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  env,
  pipeline,
  TextStreamer,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import type { ModelEntry } from '../../shared/schemas/model';
import { systemClock } from '../../electron/core/clock';
import { loadSystemConfig } from '../../electron/core/config/systemConfig';
import { TransformersLanguageModel } from '../../electron/core/llm/transformersLanguageModel';
import { currentModelChoice } from '../../electron/core/models/choice';
import { ModelLibrary } from '../../electron/core/models/modelLibrary';
import { loadModelRegistry } from '../../electron/core/models/registry';
import { defaultConfigPath, defaultDataDir } from '../../electron/core/paths';
import { createSpeechToText } from '../../electron/core/speech/createSpeechToText';
import { SAMPLE_RATE, type SpeechToText } from '../../electron/core/speech/speechToText';
import { TransformersSpeechToText } from '../../electron/core/speech/transformersSpeech';
import {
  buildWhisperCpp,
  WhisperCppSpeechToText,
} from '../../electron/core/speech/whisperCppSpeech';
import { referenceGgmlTestModel } from '../support/referenceModels';
import { speak, tinyModelsDir, tinyQwen, tinyWhisper } from '../support/tinyModels';
import { median } from './figures';

const RUNS = 3;
const NEW_TOKENS = 48;

/**
 * Speech-to-text real-time factor (seconds of work per second of audio; below 1 is faster
 * than speech) per engine, and LLM latency (first token, tokens per second). The tiny
 * random-weight models always run: they measure the code around a model, never recognition
 * or understanding. Real models run when the user's model cache holds them; otherwise the
 * bench says why and what to install. Prints figures, asserts nothing.
 */
export async function runModelBench(): Promise<void> {
  const config = await loadSystemConfig(defaultConfigPath);
  const choice = currentModelChoice({ config, dataDir: defaultDataDir() });
  const registry = await loadModelRegistry();
  const library = new ModelLibrary(registry, {
    cacheDir: choice.cacheDir,
    hubUrl: 'https://huggingface.co',
    clock: systemClock,
  });
  console.log(`model cache: ${choice.cacheDir}`);

  await benchSpeech(registry, library, choice.cacheDir);
  await benchLanguageModels(registry, library, choice.cacheDir, choice.llm.dtype);
}

async function benchSpeech(
  registry: readonly ModelEntry[],
  library: ModelLibrary,
  cacheDir: string,
) {
  let audio: Float32Array;
  try {
    audio = speak('Pay User Two 120 USDC every Friday');
  } catch (error) {
    console.log(`speech-to-text: skipped, ${(error as Error).message}`);
    return;
  }
  const seconds = audio.length / SAMPLE_RATE;
  console.log(
    `speech-to-text on ${seconds.toFixed(2)} s of espeak-ng audio, median of ${RUNS} runs after a first call`,
  );

  await timeSpeech(
    'transformers.js, tiny RANDOM-weight Whisper',
    'the pipeline around the model: mel features, up to 446 decoding steps over the 51,864-token vocabulary, KV cache; not recognition',
    new TransformersSpeechToText({ cacheDir: tinyModelsDir, model: tinyWhisper }),
    audio,
  );

  try {
    await buildWhisperCpp({ timeoutMs: 60_000 });
    await timeSpeech(
      'whisper.cpp, empty ggml test model',
      'the child process, WAV hand-off and whisper.cpp start-up; the model has no tensors, so no decoding',
      new WhisperCppSpeechToText({ modelPath: referenceGgmlTestModel }),
      audio,
    );
  } catch (error) {
    console.log(`  whisper.cpp: skipped, ${(error as Error).message}`);
  }

  for (const model of registry.filter((entry) => entry.task === 'speech-to-text')) {
    const status = await library.status(model.id);
    if (status.state !== 'ready') {
      console.log(
        `  ${model.label} (${model.id}): not measured, ${status.state}: ${status.reason} Install it in Settings > Models (it goes to ${library.modelDir(model.id)}).`,
      );
      continue;
    }
    const engine = createSpeechToText({
      engine: model.engine === 'whisper-cpp' ? 'whisper-cpp' : 'transformers',
      model: model.engine === 'whisper-cpp' ? undefined : model.id,
      cacheDir,
      registry,
    });
    await timeSpeech(model.label, 'a real model', engine, audio);
  }
}

async function timeSpeech(
  label: string,
  measures: string,
  engine: SpeechToText & { close?: () => Promise<void> },
  audio: Float32Array,
) {
  const seconds = audio.length / SAMPLE_RATE;
  try {
    const first = await engine.transcribe(audio);
    const durations: number[] = [];
    for (let run = 0; run < RUNS; run += 1)
      durations.push((await engine.transcribe(audio)).durationMs);
    const median = durations.sort((left, right) => left - right)[Math.floor(RUNS / 2)]!;
    console.log(`  ${label}`);
    console.log(`    measures: ${measures}`);
    console.log(
      `    first call (load + run) ${first.durationMs} ms, then ${median} ms: real-time factor ${(median / 1000 / seconds).toFixed(3)} (${(seconds / (median / 1000)).toFixed(1)}x faster than speech)`,
    );
  } catch (error) {
    console.log(`  ${label}: failed, ${(error as Error).message}`);
  } finally {
    await engine.close?.();
  }
}

async function benchLanguageModels(
  registry: readonly ModelEntry[],
  library: ModelLibrary,
  cacheDir: string,
  dtype: 'q4' | 'q8' | 'fp16' | 'fp32',
) {
  console.log(
    `LLM latency, ${NEW_TOKENS} new tokens (greedy), median of ${RUNS} runs after a first call`,
  );
  await timeGeneration(
    'transformers.js, tiny RANDOM-weight Qwen3 (q4)',
    'the generation loop around the model: chat template, tokenizer, KV cache, sampling code; not understanding',
    tinyModelsDir,
    tinyQwen,
    'q4',
  );
  for (const model of registry.filter((entry) => entry.task === 'text-generation')) {
    const status = await library.status(model.id);
    if (status.state !== 'ready') {
      console.log(
        `  ${model.label} (${model.id}): not measured, ${status.state}: ${status.reason} Install it in Settings > Models (it goes to ${library.modelDir(model.id)}).`,
      );
      continue;
    }
    await timeGeneration(model.label, 'a real model', cacheDir, model.id, dtype);
  }
}

async function timeGeneration(
  label: string,
  measures: string,
  folder: string,
  id: string,
  dtype: string,
) {
  env.allowRemoteModels = false;
  env.localModelPath = folder;
  let generator: TextGenerationPipeline | undefined;
  try {
    const loadStarted = performance.now();
    generator = (await pipeline('text-generation', id, {
      dtype: dtype as 'q4',
    })) as TextGenerationPipeline;
    const loadMs = performance.now() - loadStarted;
    const prompt = generator.tokenizer.apply_chat_template(
      [
        { role: 'system', content: 'Extract the payment as JSON.' },
        { role: 'user', content: 'Pay User Two 120 USDC every Friday' },
      ],
      { add_generation_prompt: true, return_dict: true },
    ) as Record<string, unknown>;
    const runs: { firstTokenMs: number; tokensPerSecond: number }[] = [];
    for (let run = 0; run <= RUNS; run += 1) {
      const clock = new TokenClock(generator.tokenizer);
      await generator.model.generate({
        ...prompt,
        max_new_tokens: NEW_TOKENS,
        min_new_tokens: NEW_TOKENS,
        do_sample: false,
        streamer: clock,
      });
      if (run > 0) runs.push(clock.figures());
    }
    const firstToken = median(runs.map((each) => each.firstTokenMs));
    const throughput = median(runs.map((each) => each.tokensPerSecond));
    console.log(`  ${label}`);
    console.log(`    measures: ${measures}`);
    console.log(
      `    load ${Math.round(loadMs)} ms, first token ${firstToken.toFixed(1)} ms, then ${throughput.toFixed(0)} tokens/s (${(1000 / throughput).toFixed(2)} ms per token; first token / later token ${((firstToken * throughput) / 1000).toFixed(1)}x)`,
    );
  } catch (error) {
    console.log(`  ${label}: failed, ${(error as Error).message}`);
  } finally {
    await generator?.dispose();
  }
  await timeWorkerRoundTrip(folder, id, dtype);
}

/**
 * The same model as the core calls it: TransformersLanguageModel, a worker thread and a
 * message each way. The difference from the in-process figures is ArcFlux's own overhead.
 */
async function timeWorkerRoundTrip(folder: string, id: string, dtype: string) {
  const model = new TransformersLanguageModel({
    cacheDir: folder,
    model: id,
    dtype: dtype as 'q4',
  });
  const request = {
    messages: [
      { role: 'system' as const, content: 'Extract the payment as JSON.' },
      { role: 'user' as const, content: 'Pay User Two 120 USDC every Friday' },
    ],
    maxTokens: NEW_TOKENS,
    timeoutMs: 120_000,
  };
  try {
    const firstStarted = performance.now();
    await model.generate(request);
    const firstMs = performance.now() - firstStarted;
    const durations: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      await model.generate(request);
      durations.push(performance.now() - started);
    }
    console.log(
      `    through ArcFlux's worker (TransformersLanguageModel): first call (load + run) ${Math.round(firstMs)} ms, then ${median(durations).toFixed(1)} ms per call of up to ${NEW_TOKENS} tokens`,
    );
  } catch (error) {
    console.log(`    through ArcFlux's worker: failed, ${(error as Error).message}`);
  } finally {
    await model.close();
  }
}

/**
 * Notes when generate() hands over tokens: first the prompt, then each new token. A
 * TextStreamer only because generate()'s types ask for one; nothing is decoded or printed.
 */
class TokenClock extends TextStreamer {
  readonly #started = performance.now();
  readonly #times: number[] = [];

  override put(): void {
    this.#times.push(performance.now());
  }

  override end(): void {}

  figures(): { firstTokenMs: number; tokensPerSecond: number } {
    // times[0] is the prompt, times[1] the first new token.
    const first = this.#times[1]! - this.#started;
    const later = this.#times.length - 2;
    const span = this.#times.at(-1)! - this.#times[1]!;
    return { firstTokenMs: first, tokensPerSecond: later / (span / 1000) };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runModelBench();
