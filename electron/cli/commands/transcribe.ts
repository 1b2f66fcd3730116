import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadSystemConfig } from '../../core/config/systemConfig';
import { CoreError } from '../../core/errors';
import { loadModelRegistry } from '../../core/models/registry';
import { defaultConfigPath, defaultDataDir } from '../../core/paths';
import { createSpeechToText } from '../../core/speech/createSpeechToText';
import { formatDuration } from '../../core/speech/transformersSpeech';
import { SAMPLE_RATE } from '../../core/speech/speechToText';
import { decodeWav, toSpeechAudio } from '../../core/speech/wav';
import { parseCommandArguments, usageError } from '../arguments';

export const transcribeHelp = `arcflux transcribe FILE.wav [--engine transformers|whisper-cpp] [--model NAME] [--json]
  Transcribes a WAV file on this machine and prints the transcript and how long it took.
  --engine defaults to the one in system_config.json. --model is a model id for
  transformers (Xenova/whisper-tiny.en) and a size (tiny.en) or a ggml .bin file for
  whisper-cpp. Models are read from the model cache in the data folder; nothing is
  downloaded. --json prints {"text", "engine", "model", "durationMs", "audioSeconds"}.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  engine: z.enum(['transformers', 'whisper-cpp']).optional(),
  model: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

export async function transcribeCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'transcribe',
    argv,
    { engine: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
    argumentsSchema,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError('transcribe', 'give exactly one WAV file');
  const config = await loadSystemConfig(values.config ? resolve(values.config) : defaultConfigPath);
  const dataDir = resolve(values.data ?? defaultDataDir());
  const bytes = await readFile(resolve(file)).catch((error: NodeJS.ErrnoException) => {
    throw new CoreError(
      'not_found',
      `${file} can't be read (${error.code ?? error.message}). Check the path and try again.`,
    );
  });
  const audio = toSpeechAudio(decodeWav(bytes, file));
  const configured = config.models.speechToText;
  const engine = values.engine ?? configured.engine;
  const speech = createSpeechToText({
    engine,
    model: values.model ?? (engine === configured.engine ? configured.model : undefined),
    cacheDir: resolve(dataDir, config.models.cacheDir),
    registry: await loadModelRegistry(),
  });
  try {
    const transcript = await speech.transcribe(audio);
    const audioSeconds = audio.length / SAMPLE_RATE;
    if (values.json) {
      print(JSON.stringify({ ...transcript, audioSeconds }));
    } else {
      print(transcript.text || '(no speech recognised)');
      print(
        `${transcript.engine} · ${transcript.model} · ${formatDuration(transcript.durationMs)} for ${audioSeconds.toFixed(1)} s of audio`,
      );
    }
    return 0;
  } finally {
    await speech.close?.();
  }
}
