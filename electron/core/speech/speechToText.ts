import { SPEECH_SAMPLE_RATE } from '../../../shared/audio';

/** Audio the engines accept: 16 kHz mono samples in [-1, 1]. */
export const SAMPLE_RATE = SPEECH_SAMPLE_RATE;

export interface TranscribeOptions {
  /** Contact names and nicknames that bias recognition where the engine supports it. */
  vocabulary?: string[];
}

export interface Transcript {
  text: string;
  engine: 'transformers' | 'whisper-cpp';
  model: string;
  durationMs: number;
}

/**
 * One speech-to-text engine. Implementations run the model off the caller's thread and
 * turn every failure (missing weights, timeouts, crashes) into a CoreError.
 */
export interface SpeechToText {
  transcribe(audio: Float32Array, options?: TranscribeOptions): Promise<Transcript>;
}
