import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CoreError } from '../errors';

/** The transformers.js pipelines ArcFlux runs. */
export type TransformersTask = 'automatic-speech-recognition' | 'text-generation';

export interface TransformersWorkerOptions {
  task: TransformersTask;
  /** Models live in `<cacheDir>/<owner>/<name>`; nothing is ever fetched from the network. */
  cacheDir: string;
  /** The model id inside the cache, such as "onnx-community/Qwen3-0.6B-ONNX". */
  model: string;
  /** Which weights: "q4" loads `onnx/model_q4.onnx`, "q8" `*_quantized.onnx`. */
  dtype: 'q8' | 'fp32' | 'fp16' | 'q4';
  /** The name people know the model by, for messages ("Qwen3 0.6B, 4-bit"). */
  label: string;
  /** What the model is doing, for messages: "Speech recognition", "The local language model". */
  activity: string;
  /** What to try after a timeout, for the message: "Try a shorter recording or a smaller model." */
  timeoutAdvice: string;
  /** The transformers.js module to load; tests point it at a pipeline double. */
  moduleUrl?: string;
}

export interface RunOptions {
  /** Buffers to move to the worker rather than copy. */
  transfer?: ArrayBuffer[];
  /**
   * The caller can do without the answer (a narrative). Its timeout abandons only this
   * call, whose late reply is ignored: the worker and the calls queued behind it go on.
   */
  optional?: boolean;
}

/**
 * One transformers.js pipeline in a worker thread, so that loading and inference never
 * block the caller's event loop. The worker keeps the pipeline loaded between calls and
 * runs one call at a time. A call's time limit counts from when the worker starts it, after
 * the model is loaded and the calls before it are done, so waiting in line never times a
 * call out. A timeout terminates the worker (inference can't be interrupted any other
 * way) and the next call starts a fresh one, unless the call was optional. Every failure is a CoreError that
 * says what happened and what to do; the raw output is the caller's to validate.
 */
export class TransformersWorker {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<
    number,
    {
      resolve: (reply: WorkerReply) => void;
      reject: (error: Error) => void;
      /** Starts the time limit, when the worker says it has begun the call. */
      start: () => void;
    }
  >();

  constructor(readonly options: TransformersWorkerOptions) {}

  /**
   * Runs the pipeline on `input` with `callOptions` and returns its raw output, which is
   * untrusted.
   */
  async run(
    input: unknown,
    callOptions: Record<string, unknown>,
    timeoutMs: number,
    options: RunOptions = {},
  ): Promise<unknown> {
    const reply = await this.#request(input, callOptions, timeoutMs, options);
    if (!reply.ok) throw this.#failure(reply);
    return reply.output;
  }

  /** Stops the worker; pending calls fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#rejectAll(new CoreError('unavailable', `${this.options.activity} was stopped.`));
    await worker?.terminate();
  }

  #request(
    input: unknown,
    callOptions: Record<string, unknown>,
    timeoutMs: number,
    options: RunOptions,
  ): Promise<WorkerReply> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const { activity, label, timeoutAdvice } = this.options;
    return new Promise<WorkerReply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = () => {
        this.#pending.delete(id);
        if (!options.optional) void this.close();
        reject(
          new CoreError(
            'unavailable',
            `${activity} with ${label} took longer than ${formatDuration(timeoutMs)} and was ${options.optional ? 'left out' : 'stopped'}. ${timeoutAdvice}`,
          ),
        );
      };
      this.#pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        start: () => {
          timer ??= setTimeout(timedOut, timeoutMs);
        },
      });
      worker.postMessage({ id, input, callOptions }, options.transfer ?? []);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const transformersUrl = pathToFileURL(
      createRequire(import.meta.url).resolve('@huggingface/transformers'),
    ).href;
    const { task, cacheDir, model, dtype } = this.options;
    const moduleUrl = this.options.moduleUrl ?? transformersUrl;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { moduleUrl, task, cacheDir, model, dtype },
    });
    worker.unref();
    worker.on('message', (reply: WorkerReply | { id: number; started: true }) => {
      if ('started' in reply) {
        this.#pending.get(reply.id)?.start();
        return;
      }
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      pending?.resolve(reply);
    });
    worker.on('error', (error) => {
      this.#worker = undefined;
      this.#rejectAll(
        new CoreError(
          'unavailable',
          `${this.options.activity} with ${this.options.label} stopped unexpectedly (${error.message}). Try again; if it repeats, reinstall the model in Settings > Models.`,
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
    const { activity, label } = this.options;
    if (reply.missingFile) {
      return new CoreError(
        'unavailable',
        // The file's name only: the model cache's folders are no business of the screen.
        `${label} is not installed: ${basename(reply.missingFile)} is missing. Download it in Settings > Models, or install it from a folder.`,
      );
    }
    return new CoreError(
      'unavailable',
      `${activity} with ${label} failed: ${reply.message}. Check the model in Settings > Models and try again.`,
    );
  }
}

/** "1.5 s" or "200 ms", for messages. */
export function formatDuration(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(1)} s` : `${milliseconds} ms`;
}

type WorkerReply =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; missingFile?: string; message: string };

/**
 * The worker's code, kept as a string so it runs the same from sources, tests and the
 * bundled app (no separate entry file to locate). It only ever reads the local cache,
 * and runs calls one after another: one ONNX session is not meant to run two at once.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let loading;
let queue = Promise.resolve();
function load() {
  if (!loading) {
    loading = import(workerData.moduleUrl).then(({ env, pipeline }) => {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = workerData.cacheDir;
      return pipeline(workerData.task, workerData.model, { dtype: workerData.dtype });
    });
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}
async function answer({ id, input, callOptions }) {
  try {
    const run = await load();
    parentPort.postMessage({ id, started: true });
    const output = await run(input, callOptions);
    parentPort.postMessage({ id, ok: true, output });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /not found locally at "([^"]+)"/.exec(message);
    parentPort.postMessage({ id, ok: false, missingFile: missing ? missing[1] : undefined, message });
  }
}
parentPort.on('message', (request) => {
  queue = queue.then(() => answer(request));
});
`;
