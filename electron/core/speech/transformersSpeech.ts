import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CoreError } from '../errors';
import type { SpeechToText, TranscribeOptions, Transcript } from './speechToText';

export interface TransformersSpeechOptions {
  /** Models live in `<cacheDir>/<owner>/<name>`; nothing is ever fetched from the network. */
  cacheDir: string;
  /** The model id inside the cache, such as "Xenova/whisper-tiny.en". */
  model: string;
  /** The name people know the model by, for messages ("Whisper tiny (English)"). */
  label?: string;
  /** Quantised weights by default (`*_quantized.onnx`). */
  dtype?: 'q8' | 'fp32' | 'fp16' | 'q4';
  /** How long one transcription (including the first load) may take. */
  timeoutMs?: number;
}

type WorkerReply =
  | { id: number; ok: true; text: string }
  | { id: number; ok: false; missingFile?: string; message: string };

/**
 * Whisper through transformers.js, in a worker thread so that loading and inference never
 * block the caller's event loop. The worker keeps the pipeline loaded between calls; a
 * timeout terminates it, and the next call starts a fresh one.
 */
export class TransformersSpeechToText implements SpeechToText {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly options: TransformersSpeechOptions) {}

  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcript> {
    // No initial prompt here: transformers.js 4.3's Whisper declares `prompt_ids` in its
    // generation config, but WhisperForConditionalGeneration.generate never reads it (the
    // parameter is commented out), and forcing the prompt through decoder_input_ids would
    // leave it in the decoded text. The vocabulary is applied by the normaliser instead.
    void options;
    const started = performance.now();
    const reply = await this.#request(audio);
    const durationMs = Math.round(performance.now() - started);
    if (!reply.ok) throw this.#failure(reply);
    return {
      text: reply.text.trim(),
      engine: 'transformers',
      model: this.options.model,
      durationMs,
    };
  }

  /** Stops the worker; pending transcriptions fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#rejectAll(new CoreError('unavailable', 'Speech recognition was stopped.'));
    await worker?.terminate();
  }

  #request(audio: Float32Array): Promise<WorkerReply> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    return new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        void this.close();
        reject(
          new CoreError(
            'unavailable',
            `Speech recognition with ${this.#label()} took longer than ${formatDuration(timeoutMs)} and was stopped. Try a shorter recording or a smaller model.`,
          ),
        );
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      // A copy is transferred so the caller's buffer stays usable.
      const copy = audio.slice();
      worker.postMessage({ id, audio: copy }, [copy.buffer]);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const moduleUrl = pathToFileURL(
      createRequire(import.meta.url).resolve('@huggingface/transformers'),
    ).href;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        moduleUrl,
        cacheDir: this.options.cacheDir,
        model: this.options.model,
        dtype: this.options.dtype ?? 'q8',
      },
    });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      pending?.resolve(reply);
    });
    worker.on('error', (error) => {
      this.#worker = undefined;
      this.#rejectAll(
        new CoreError(
          'unavailable',
          `Speech recognition with ${this.#label()} stopped unexpectedly (${error.message}). Try again; if it repeats, reinstall the model in Settings > Models.`,
          { cause: error },
        ),
      );
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }

  #rejectAll(error: Error) {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #failure(reply: Extract<WorkerReply, { ok: false }>): CoreError {
    if (reply.missingFile) {
      return new CoreError(
        'unavailable',
        `${this.#label()} is not installed: ${reply.missingFile} is missing. Download it in Settings > Models, or install it from a folder.`,
      );
    }
    return new CoreError(
      'unavailable',
      `Speech recognition with ${this.#label()} failed: ${reply.message}. Check the model in Settings > Models and try again.`,
    );
  }

  #label(): string {
    return this.options.label ?? basename(this.options.model);
  }
}

/** "1.5 s" or "200 ms", for messages. */
export function formatDuration(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(1)} s` : `${milliseconds} ms`;
}

/**
 * The worker's code, kept as a string so it runs the same from sources, tests and the
 * bundled app (no separate entry file to locate). It only ever reads the local cache.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let loading;
async function recognizer() {
  if (!loading) {
    loading = import(workerData.moduleUrl).then(({ env, pipeline }) => {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = workerData.cacheDir;
      return pipeline('automatic-speech-recognition', workerData.model, { dtype: workerData.dtype });
    });
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}
parentPort.on('message', async ({ id, audio }) => {
  try {
    const run = await recognizer();
    const output = await run(audio);
    const text = Array.isArray(output) ? output.map((part) => part.text).join(' ') : output.text;
    parentPort.postMessage({ id, ok: true, text: String(text ?? '') });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /not found locally at "([^"]+)"/.exec(message);
    parentPort.postMessage({ id, ok: false, missingFile: missing ? missing[1] : undefined, message });
  }
});
`;
