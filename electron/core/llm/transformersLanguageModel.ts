import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../errors';
import { TransformersWorker } from '../models/transformersWorker';
import { withoutThinking, type GenerateRequest, type LanguageModel } from './languageModel';

export interface TransformersLanguageModelOptions {
  /** Models live in `<cacheDir>/<owner>/<name>`; nothing is ever fetched from the network. */
  cacheDir: string;
  /** The model id inside the cache, such as "onnx-community/Qwen3-0.6B-ONNX". */
  model: string;
  dtype: 'q4' | 'q8' | 'fp16' | 'fp32';
  /** The name people know the model by; the id's last part by default. */
  label?: string;
}

/**
 * Qwen3 (or any chat model with a transformers.js layout) through the text-generation
 * pipeline, in a worker thread, offline only. Decoding is greedy, so the same prompt gives
 * the same answer, and Qwen3's "thinking" is switched off in its chat template.
 */
export class TransformersLanguageModel implements LanguageModel {
  readonly label: string;
  readonly #worker: TransformersWorker;

  constructor(private readonly options: TransformersLanguageModelOptions) {
    this.label = options.label ?? basename(options.model);
    this.#worker = new TransformersWorker({
      task: 'text-generation',
      cacheDir: options.cacheDir,
      model: options.model,
      dtype: options.dtype,
      label: this.label,
      activity: 'The local language model',
      timeoutAdvice:
        'ArcFlux carries on without it; choose a smaller model or switch it off in Settings > Models if this repeats.',
    });
  }

  /**
   * A cheap look at the disk before loading anything, so `auto` doesn't start a worker
   * for a model that isn't there. The loader's own message stays the authority.
   */
  unavailableReason(): string | undefined {
    const folder = join(this.options.cacheDir, ...this.options.model.split('/'));
    const weights = `onnx/model${DTYPE_SUFFIX[this.options.dtype]}.onnx`;
    // The whole path, as the loader says it: it is where an offline install puts the file.
    const missing = ['config.json', 'tokenizer.json', weights]
      .map((file) => join(folder, file))
      .find((path) => !existsSync(path));
    return missing
      ? `${this.label} is not installed: ${missing} is missing. Download it in Settings > Models, or install it from a folder.`
      : undefined;
  }

  async generate(request: GenerateRequest): Promise<string> {
    const output = await this.#worker.run(
      request.messages.map(({ role, content }) => ({ role, content })),
      {
        max_new_tokens: request.maxTokens,
        do_sample: false,
        // Passed to the chat template: Qwen3 then writes its answer without reasoning first.
        tokenizer_encode_kwargs: { enable_thinking: false },
      },
      request.timeoutMs,
      { optional: request.optional },
    );
    const parsed = generationOutputSchema.safeParse(output);
    if (!parsed.success) {
      throw new CoreError(
        'unavailable',
        `The local language model ${this.label} answered in a shape ArcFlux does not read. Check the model in Settings > Models.`,
      );
    }
    const generated = parsed.data[0]?.generated_text;
    const text = typeof generated === 'string' ? generated : (generated?.at(-1)?.content ?? '');
    return withoutThinking(text);
  }

  close(): Promise<void> {
    return this.#worker.close();
  }
}

// transformers.js's file suffix for each dtype: q4 -> onnx/model_q4.onnx.
const DTYPE_SUFFIX: Record<TransformersLanguageModelOptions['dtype'], string> = {
  q4: '_q4',
  q8: '_quantized',
  fp16: '_fp16',
  fp32: '',
};

const generationOutputSchema = z.array(
  z.object({
    generated_text: z.union([
      z.string(),
      z.array(z.object({ role: z.string(), content: z.string() })),
    ]),
  }),
);
