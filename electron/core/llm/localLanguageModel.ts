import type { Clock } from '../clock';
import { CoreError, isCoreError } from '../errors';
import type { ModelChoice } from '../models/choice';
import type { GenerateRequest, LanguageModel } from './languageModel';
import { TransformersLanguageModel } from './transformersLanguageModel';

/** Builds the model for a choice; transformers.js by default, doubles in tests. */
export type LanguageModelBackend = (llm: ModelChoice['llm'], cacheDir: string) => LanguageModel;

export interface LocalLanguageModelOptions {
  /** Read at each use: the user may switch the model, or switch it off, at any time. */
  choice: () => ModelChoice;
  clock: Clock;
  backend?: LanguageModelBackend;
  /** Marks a model in use while it runs, so it can't be deleted or replaced mid-answer. */
  use?: <T>(modelId: string, work: () => Promise<T>) => Promise<T>;
}

/** What callers ask for; the time limit is capped by the configured `models.llm.timeoutMs`. */
export type ModelRequest = Omit<GenerateRequest, 'timeoutMs'> & { timeoutMs?: number };

export const SWITCHED_OFF = 'the local language model is switched off in Settings > Models';

/**
 * The core's one local language model, whichever the user chose. It follows the choice at
 * each use (a new model or dtype closes the old worker), says why it can't run when it
 * can't, and rests for a minute after a timeout or crash so that a model too slow for
 * this machine doesn't make every command wait for it again.
 */
export class LocalLanguageModel {
  #current: { key: string; model: LanguageModel } | undefined;
  #failure: { key: string; message: string; until: number } | undefined;

  constructor(private readonly options: LocalLanguageModelOptions) {}

  /** The name people know the current model by. */
  get label(): string {
    return this.#model(this.options.choice()).model.label;
  }

  /** Why the model can't run right now; undefined when it is on, present and well. */
  unavailableReason(): string | undefined {
    const choice = this.options.choice();
    if (!choice.llm.enabled) return SWITCHED_OFF;
    const { key, model } = this.#model(choice);
    const failure = this.#failure;
    if (failure && failure.key === key && this.options.clock.now().getTime() < failure.until) {
      return `${failure.message} ArcFlux tries the model again in a minute.`;
    }
    return model.unavailableReason?.();
  }

  /** The model's text for `request`, or a CoreError saying why there is none. */
  async generate(request: ModelRequest): Promise<string> {
    const reason = this.unavailableReason();
    if (reason) throw new CoreError('unavailable', capitalize(reason));
    const choice = this.options.choice();
    const { key, model } = this.#model(choice);
    const timeoutMs = Math.min(request.timeoutMs ?? choice.llm.timeoutMs, choice.llm.timeoutMs);
    try {
      const run = () => model.generate({ ...request, timeoutMs });
      return await (this.options.use ? this.options.use(choice.llm.model, run) : run());
    } catch (error) {
      const message = isCoreError(error)
        ? error.message
        : `The local language model ${model.label} failed.`;
      // An optional call gave up on its own: the model may be fine for calls that wait.
      if (!request.optional) {
        this.#failure = { key, message, until: this.options.clock.now().getTime() + REST_MS };
      }
      throw isCoreError(error) ? error : new CoreError('unavailable', message, { cause: error });
    }
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.model.close?.();
  }

  #model(choice: ModelChoice): { key: string; model: LanguageModel } {
    const key = JSON.stringify([choice.llm.model, choice.llm.dtype, choice.cacheDir]);
    if (this.#current?.key !== key) {
      void this.#current?.model.close?.();
      const backend = this.options.backend ?? transformersBackend;
      this.#current = { key, model: backend(choice.llm, choice.cacheDir) };
      this.#failure = undefined;
    }
    return this.#current;
  }
}

const REST_MS = 60_000;

const transformersBackend: LanguageModelBackend = (llm, cacheDir) =>
  new TransformersLanguageModel({ cacheDir, model: llm.model, dtype: llm.dtype });

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
