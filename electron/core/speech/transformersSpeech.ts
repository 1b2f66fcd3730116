import { basename } from 'node:path';
import { TransformersWorker } from '../models/transformersWorker';
import type { SpeechToText, TranscribeOptions, Transcript } from './speechToText';

export { formatDuration } from '../models/transformersWorker';

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

/**
 * Whisper through transformers.js, in a worker thread (see TransformersWorker): loading
 * and inference never block the caller, and a timeout stops the worker.
 */
export class TransformersSpeechToText implements SpeechToText {
  readonly #worker: TransformersWorker;

  constructor(private readonly options: TransformersSpeechOptions) {
    this.#worker = new TransformersWorker({
      task: 'automatic-speech-recognition',
      cacheDir: options.cacheDir,
      model: options.model,
      dtype: options.dtype ?? 'q8',
      label: options.label ?? basename(options.model),
      activity: 'Speech recognition',
      timeoutAdvice: 'Try a shorter recording or a smaller model.',
    });
  }

  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcript> {
    // No initial prompt here: transformers.js 4.3's Whisper declares `prompt_ids` in its
    // generation config, but WhisperForConditionalGeneration.generate never reads it (the
    // parameter is commented out), and forcing the prompt through decoder_input_ids would
    // leave it in the decoded text. The vocabulary is applied by the normaliser instead.
    void options;
    const started = performance.now();
    // A copy is transferred so the caller's buffer stays usable.
    const copy = audio.slice();
    const output = await this.#worker.run(copy, {}, this.options.timeoutMs ?? 120_000, {
      transfer: [copy.buffer],
    });
    const durationMs = Math.round(performance.now() - started);
    return {
      text: recognizedText(output).trim(),
      engine: 'transformers',
      model: this.options.model,
      durationMs,
    };
  }

  /** Stops the worker; pending transcriptions fail. */
  close(): Promise<void> {
    return this.#worker.close();
  }
}

/** The pipeline gives `{ text }`, or a list of chunks for long audio. */
function recognizedText(output: unknown): string {
  const parts = Array.isArray(output) ? output : [output];
  return parts
    .map((part: unknown) =>
      part && typeof part === 'object' && 'text' in part ? String(part.text ?? '') : '',
    )
    .join(' ');
}
