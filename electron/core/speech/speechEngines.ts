import type { ModelEntry } from '../../../shared/schemas/model';
import { currentModelChoice } from '../models/choice';
import { loadModelRegistry } from '../models/registry';
import type { CoreContext } from '../handlers/types';
import { CoreError } from '../errors';
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
  #closed = false;

  constructor(
    private readonly context: CoreContext,
    private readonly double?: SpeechToText,
  ) {}

  async transcribe(audio: Float32Array, options: TranscribeOptions): Promise<Transcript> {
    const { built, done } = await this.#current();
    try {
      // Marked in use, so Settings > Models can't delete or replace the weights mid-run.
      return await this.context.models.use(built.modelId, () =>
        built.engine.transcribe(audio, options),
      );
    } finally {
      done();
    }
  }

  /** Stops the engine's worker or child process; called by core.close(). */
  async close(): Promise<void> {
    this.#closed = true;
    const built = this.#built;
    this.#built = undefined;
    await Promise.allSettled([...this.#retiring, built?.engine.close?.()]);
  }

  /**
   * The engine for the current choice, with this run already counted in its `running`
   * (synchronously, so an engine retired right after can't be closed under the run).
   */
  async #current(): Promise<{ built: Built; done: () => void }> {
    this.#refuseIfClosed();
    const choice = currentModelChoice(this.context);
    if (this.double) {
      // The double stands in for the chosen engine, so the chosen model counts as in use.
      this.#built ??= { key: 'double', modelId: '', engine: this.double, running: new Set() };
      return enter({ ...this.#built, modelId: choice.speechToText.model });
    }
    const key = JSON.stringify([
      choice.speechToText.engine,
      choice.speechToText.model,
      choice.cacheDir,
    ]);
    if (this.#built?.key === key) return enter(this.#built);
    this.#registry ??= loadModelRegistry();
    this.#registry.catch(() => (this.#registry = undefined));
    const registry = await this.#registry;
    // The core may have closed, or another call built it, while the registry loaded.
    this.#refuseIfClosed();
    if (this.#built?.key === key) return enter(this.#built);
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
    return enter(this.#built);
  }

  #refuseIfClosed() {
    if (this.#closed) {
      throw new CoreError(
        'unavailable',
        'Speech recognition has stopped because ArcFlux is closing. Start ArcFlux again to record.',
      );
    }
  }

  #retire(built: Built) {
    const closing = Promise.allSettled([...built.running])
      .then(() => built.engine.close?.())
      .catch(() => undefined)
      .finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
  }
}

/** Counts a run on `built` until `done` is called. */
function enter(built: Built): { built: Built; done: () => void } {
  let finish: () => void = () => undefined;
  const run = new Promise<void>((resolve) => (finish = resolve));
  built.running.add(run);
  return {
    built,
    done: () => {
      built.running.delete(run);
      finish();
    },
  };
}
