import { z } from 'zod';
import { SPEECH_SAMPLE_RATE } from '../audio';
import { idSchema } from '../schemas/common';
import { defineSection } from './define';
import { parsedIntentSchema } from './intents';

/** One command at a time: longer recordings are stopped by the renderer and refused by the core. */
export const MAX_RECORDING_SECONDS = 30;

/**
 * The largest WAV body `POST /v1/transcribe` reads: 30 s of 16 kHz mono 32-bit float (the
 * widest format that can be valid) plus room for header chunks. Anything longer is refused
 * before it is buffered.
 */
export const MAX_WAV_BYTES = MAX_RECORDING_SECONDS * SPEECH_SAMPLE_RATE * 4 + 64 * 1024;

/** The WAV body's media types (browsers and tools disagree on the name). */
export const WAV_MEDIA_TYPES = ['audio/wav', 'audio/wave', 'audio/x-wav', 'audio/vnd.wave'];

const userField = {
  /** Whose contacts bias recognition and parse the command; the acting user by default. */
  userId: idSchema.optional(),
};

/**
 * What `voice:transcribe` takes: either samples (IPC and in-process callers; a
 * Float32Array survives Electron's structured clone) with the rate they were recorded at,
 * or a WAV file's bytes (the REST door's `audio/wav` body). The core checks both the same
 * way: 16 kHz mono, at most 30 s, finite samples in [-1, 1].
 */
export const transcribeInputSchema = z.union([
  z
    .object({
      audio: z.custom<Float32Array>((value) => value instanceof Float32Array, {
        message: 'must be a Float32Array of samples',
      }),
      sampleRate: z.number().int().positive(),
      ...userField,
    })
    .strict(),
  z
    .object({
      wav: z.custom<Uint8Array>((value) => value instanceof Uint8Array, {
        message: 'must be the bytes of a WAV file',
      }),
      ...userField,
    })
    .strict(),
]);
export type TranscribeInput = z.infer<typeof transcribeInputSchema>;

export const transcriptionSchema = z
  .object({
    /** The transcript as it goes into the command box: normalised to the user's contacts. */
    text: z.string(),
    /** What the engine wrote, before normalising. */
    rawText: z.string(),
    engine: z.enum(['transformers', 'whisper-cpp']),
    /** The model as people know it ("Whisper tiny (English)"). */
    model: z.string(),
    audioSeconds: z.number().nonnegative(),
    /** How long recognition took. */
    processingMs: z.number().int().nonnegative(),
    /** `text` through `intents:parse`, so the preview card shows at once. */
    parsed: parsedIntentSchema,
  })
  .strict();
export type Transcription = z.infer<typeof transcriptionSchema>;

export const voiceSection = defineSection({
  /**
   * Speech to text on this machine, then the same parse as typed text. Nothing is sent or
   * paid: the transcript goes into the command box for the user to check and send.
   */
  'voice:transcribe': {
    description: 'Transcribe a recorded command (16 kHz mono, at most 30 s) and parse it.',
    input: transcribeInputSchema,
    output: transcriptionSchema,
    rest: { method: 'POST', path: '/v1/transcribe', body: 'audio/wav' },
  },
});
