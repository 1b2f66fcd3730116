import type {
  SpeechToText,
  TranscribeOptions,
  Transcript,
} from '../../electron/core/speech/speechToText';

export interface RecordingSpeechDouble extends SpeechToText {
  /** Every call as the core made it: the samples it delivered and the options. */
  readonly calls: { audio: Float32Array; options: TranscribeOptions }[];
}

/**
 * A test double for SpeechToText: no model runs. It records what the core hands a speech
 * engine and answers with the scripted text (or throws the scripted error), labelled as a
 * double in its model name so nothing downstream can mistake it for recognition.
 */
export function recordingSpeechDouble(
  script: string | Error | ((audio: Float32Array) => string) = '',
): RecordingSpeechDouble {
  const calls: RecordingSpeechDouble['calls'] = [];
  return {
    calls,
    async transcribe(audio, options = {}): Promise<Transcript> {
      calls.push({ audio: audio.slice(), options });
      if (script instanceof Error) throw script;
      const text = typeof script === 'function' ? script(audio) : script;
      return { text, engine: 'transformers', model: 'recording speech double', durationMs: 7 };
    },
  };
}
