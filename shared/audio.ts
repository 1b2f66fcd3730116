/**
 * Audio helpers that must agree between the renderer (which records and encodes) and the
 * core (which checks and decodes): the rate the speech engines take, WAV encoding, and
 * the energy measures behind the level meter, the silence check and the tests.
 */

/** Audio the speech engines accept: 16 kHz mono samples in [-1, 1]. */
export const SPEECH_SAMPLE_RATE = 16_000;

/** Writes mono samples as a 16-bit PCM WAV file. */
export function encodeWav(
  samples: Float32Array,
  sampleRate = SPEECH_SAMPLE_RATE,
): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const writeAscii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index += 1) {
      bytes[offset + index] = text.charCodeAt(index);
    }
  };
  writeAscii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  writeAscii(8, 'WAVE');
  writeAscii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeAscii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((sample, index) => {
    const clamped = Math.max(-1, Math.min(1, sample));
    view.setInt16(44 + index * 2, Math.round(clamped * 0x7fff), true);
  });
  return bytes;
}

/** Root mean square of the samples (0 for none): the energy the ear and Whisper hear. */
export function rootMeanSquare(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** The largest absolute sample. */
export function peakLevel(samples: Float32Array): number {
  let peak = 0;
  for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
  return peak;
}

/** Decibels relative to full scale; -Infinity for silence. */
export function toDecibels(level: number): number {
  return level > 0 ? 20 * Math.log10(level) : -Infinity;
}

/**
 * Below this RMS (-60 dBFS) a recording holds no speech a model could use: a muted or
 * unplugged microphone, or a fake device playing zeros. A quiet room with a working
 * microphone sits around -70 to -50 dBFS, and speech well above -40 dBFS.
 */
export const SILENCE_RMS = 0.001;

/**
 * The samples between the first and the last 20 ms window louder than `threshold` (RMS),
 * or an empty array when none is. An energy gate, not a voice detector: it cuts the quiet
 * before and after a recording so two recordings of one utterance can be compared.
 */
export function trimSilence(
  samples: Float32Array,
  sampleRate: number,
  threshold = SILENCE_RMS * 10,
): Float32Array {
  const window = Math.max(1, Math.round(sampleRate * 0.02));
  let first = -1;
  let last = -1;
  for (let start = 0; start < samples.length; start += window) {
    const level = rootMeanSquare(samples.subarray(start, start + window));
    if (level > threshold) {
      if (first < 0) first = start;
      last = Math.min(samples.length, start + window);
    }
  }
  return first < 0 ? new Float32Array(0) : samples.slice(first, last);
}
