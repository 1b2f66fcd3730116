import {
  understandInputSchema,
  type ParsedIntent,
  type UnderstandInput,
} from '../../../shared/contract/intents';
import { SPEECH_SAMPLE_RATE } from '../../../shared/audio';
import type { voiceSection } from '../../../shared/contract/voice';
import { normaliseTranscript, speechVocabulary } from '../speech/normaliseTranscript';
import { assertAudible, hasWords, heardNothing, speechAudioFrom } from '../speech/speechInput';
import type { SpeechEngines } from '../speech/speechEngines';
import { actingUserId, type CoreContext, type HandlerMap } from './types';

export interface VoiceDependencies {
  speech: SpeechEngines;
  /** The `intents:parse` handler, so a spoken command is understood exactly like a typed one. */
  parse: (input: UnderstandInput) => Promise<ParsedIntent> | ParsedIntent;
}

/**
 * Spoken commands: check the audio, recognise it off the main thread with the engine the
 * user chose, biased to (and normalised with) the user's contacts, then parse the text.
 * It never sends or confirms anything; the transcript goes back to the command box.
 */
export function voiceHandlers(
  context: CoreContext,
  { speech, parse }: VoiceDependencies,
): HandlerMap<keyof typeof voiceSection> {
  return {
    'voice:transcribe': async (input) => {
      const audio = speechAudioFrom(input);
      const userId = actingUserId(context, input.userId);
      // Checked before recognition, so an unknown user wastes no model time.
      const user = context.users.get(userId);
      assertAudible(audio);
      const vocabulary = speechVocabulary(user, context.users.list());
      const transcript = await speech.transcribe(audio, { vocabulary });
      if (!hasWords(transcript.text)) throw heardNothing('no words were recognised in it');
      const text = normaliseTranscript(transcript.text, vocabulary).trim();
      // The contract's defaults, so the preview matches what typing the same text shows.
      const parsed = await parse(understandInputSchema.parse({ text, userId }));
      return {
        text,
        rawText: transcript.text,
        engine: transcript.engine,
        model: transcript.model,
        audioSeconds: audio.length / SPEECH_SAMPLE_RATE,
        processingMs: Math.max(0, Math.round(transcript.durationMs)),
        parsed,
      };
    },
  };
}
