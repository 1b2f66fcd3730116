import { rootMeanSquare, SILENCE_RMS, SPEECH_SAMPLE_RATE } from '../../../shared/audio';
import { MAX_RECORDING_SECONDS, type TranscribeInput } from '../../../shared/contract/voice';
import { CoreError } from '../errors';
import { decodeWav } from './wav';

/** Shorter than this holds no word: a tap that started and stopped at once. */
const MIN_SECONDS = 0.1;

/**
 * The 16 kHz mono samples of a `voice:transcribe` request, from either form it comes in.
 * Anything the engines can't take (another rate, stereo, longer than 30 s, empty, samples
 * that are not finite numbers in [-1, 1]) is refused with what was wrong and what to do;
 * nothing is resampled here, because the renderer's low-pass resampler does it better.
 */
export function speechAudioFrom(input: TranscribeInput): Float32Array {
  if ('wav' in input) {
    const decoded = decodeWav(input.wav, 'The recording');
    if (decoded.channels !== 1 || decoded.sampleRate !== SPEECH_SAMPLE_RATE) {
      throw new CoreError(
        'invalid_input',
        `The recording is ${describeFormat(decoded.sampleRate, decoded.channels)}, but speech recognition takes 16 kHz mono. Convert it (for example "sox input.wav -r 16000 -c 1 output.wav") and try again.`,
      );
    }
    return checkSamples(decoded.samples);
  }
  if (input.sampleRate !== SPEECH_SAMPLE_RATE) {
    throw new CoreError(
      'invalid_input',
      `The recording is at ${input.sampleRate} Hz, but speech recognition takes ${SPEECH_SAMPLE_RATE} Hz. Resample it to 16 kHz mono before sending; nothing was transcribed.`,
    );
  }
  return checkSamples(input.audio);
}

/**
 * Throws the "heard nothing" error when the recording is too quiet to hold speech, so the
 * model isn't run (and can't invent words) on a muted or unplugged microphone.
 */
export function assertAudible(samples: Float32Array): void {
  if (rootMeanSquare(samples) < SILENCE_RMS) throw heardNothing('the recording was silent');
}

/**
 * Whisper writes "[BLANK_AUDIO]", "(silence)" or "[Music]" for audio without words; a
 * transcript of only such notes is no speech at all.
 */
export function hasWords(transcript: string): boolean {
  return transcript.replace(/\[[^\]]*\]|\([^)]*\)|[.,!?…\s-]/g, '') !== '';
}

/** The message for a recording without recognisable speech. */
export function heardNothing(why: string): CoreError {
  return new CoreError(
    'invalid_input',
    `ArcFlux heard nothing: ${why}. Check that the right microphone is selected and not muted (Settings > Test microphone), then hold the button and speak the command.`,
  );
}

function checkSamples(samples: Float32Array): Float32Array {
  const seconds = samples.length / SPEECH_SAMPLE_RATE;
  if (seconds < MIN_SECONDS) {
    throw new CoreError(
      'invalid_input',
      samples.length === 0
        ? 'The recording is empty, so there is nothing to transcribe. Hold the button while you speak, or tap it once to start and again to stop.'
        : `The recording is only ${seconds.toFixed(2)} s long, too short to hold a command. Hold the button while you speak, or tap it once to start and again to stop.`,
    );
  }
  if (seconds > MAX_RECORDING_SECONDS) {
    throw new CoreError(
      'invalid_input',
      `The recording is ${seconds.toFixed(1)} s long; ArcFlux transcribes at most ${MAX_RECORDING_SECONDS} s at a time. Say one command, in under ${MAX_RECORDING_SECONDS} seconds.`,
    );
  }
  for (let index = 0; index < samples.length; index += 1) {
    const sample = samples[index] ?? 0;
    if (!Number.isFinite(sample) || Math.abs(sample) > 1) {
      throw new CoreError(
        'invalid_input',
        `The recording is garbled: sample ${index} is ${sample}, and audio samples must be numbers between -1 and 1. Record it again; if it repeats, the recorder is sending the wrong format.`,
      );
    }
  }
  return samples;
}

function describeFormat(sampleRate: number, channels: number): string {
  const layout = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`;
  return `${sampleRate / 1000} kHz ${layout}`;
}
