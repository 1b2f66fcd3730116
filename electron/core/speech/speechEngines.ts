import type { ModelEntry } from '../../../shared/schemas/model';
import { currentModelChoice } from '../models/choice';
import { loadModelRegistry } from '../models/registry';
import type { CoreContext } from '../handlers/types';
import { createSpeechToText } from './createSpeechToText';
import type { SpeechToText, TranscribeOptions, Transcript } from './speechToText';

type ClosableSpeech = SpeechToText & { close?: () => Promise<void> };

interface Built {
  key: string;
  /** The chosen model's id, as the model manager knows it. */
  modelId: string;
  engine: ClosableSpeech;
  /** Transcriptions still running on this engine; it is closed only once they finish. */
  running: Set<Promise<unknown>>;
}

/**
 * The speech-to-text engine the core uses right now. It is built on first use (so a core
 * that never hears a recording never starts a worker), from `currentModelChoice` read at
 * every call, and rebuilt when that choice changes; the engine it replaces is closed once
 * the transcriptions running on it are done. A test double, when given, is used as it is.
 */
export class SpeechEngines {
  #built: Built | undefined;
  #registry: Promise<readonly ModelEntry[]> | undefined;
  readonly #retiring = new Set<Promise<void>>();

  constructor(
    private readonly context: CoreContext,
    private readonly double?: SpeechToText,
  ) {}

  async transcribe(audio: Float32Array, options: TranscribeOptions): Promise<Transcript> {
    const built = await this.#current();
    // Marked in use, so Settings > Models can't delete or replace the weights mid-run.
    const running = this.context.models.use(built.modelId, () =>
      built.engine.transcribe(audio, options),
    );
    built.running.add(running);
    try {
      return await running;
    } finally {
      built.running.delete(running);
    }
  }

  /** Stops the engine's worker or child process; called by core.close(). */
  async close(): Promise<void> {
    const built = this.#built;
    this.#built = undefined;
    await Promise.allSettled([...this.#retiring, built?.engine.close?.()]);
  }

  async #current(): Promise<Built> {
    const choice = currentModelChoice(this.context);
    if (this.double) {
      // The double stands in for the chosen engine, so the chosen model counts as in use.
      this.#built ??= { key: 'double', modelId: '', engine: this.double, running: new Set() };
      return { ...this.#built, modelId: choice.speechToText.model };
    }
    const key = JSON.stringify([
      choice.speechToText.engine,
      choice.speechToText.model,
      choice.cacheDir,
    ]);
    if (this.#built?.key === key) return this.#built;
    this.#registry ??= loadModelRegistry();
    this.#registry.catch(() => (this.#registry = undefined));
    const registry = await this.#registry;
    // Another call may have built it while the registry loaded.
    if (this.#built?.key === key) return this.#built;
    if (this.#built) this.#retire(this.#built);
    this.#built = {
      key,
      modelId: choice.speechToText.model,
      engine: createSpeechToText({
        engine: choice.speechToText.engine,
        model: choice.speechToText.model,
        cacheDir: choice.cacheDir,
        registry,
      }),
      running: new Set(),
    };
    return this.#built;
  }

  #retire(built: Built) {
    const closing = Promise.allSettled([...built.running])
      .then(() => built.engine.close?.())
      .catch(() => undefined)
      .finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
  }
}
