import { resample } from '../../../shared/resample';
import { CoreError } from '../errors';
import { SAMPLE_RATE } from './speechToText';

/** Engines that read files (whisper.cpp) get the same WAV the renderer sends. */
export { encodeWav } from '../../../shared/audio';
/** The same band-limited resampler the renderer records with. */
export { resample } from '../../../shared/resample';

export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  channels: number;
}

/**
 * Reads a RIFF WAV file holding PCM (8, 16, 24 or 32 bit integers) or 32-bit float
 * samples. Anything else is rejected with a message naming what was found.
 */
export function decodeWav(bytes: Uint8Array, source = 'The audio'): DecodedAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw unsupported(source, 'it is not a WAV file (no RIFF/WAVE header)');
  }
  let format: { tag: number; channels: number; sampleRate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      // The chunk's own size may claim more than the file holds (a cut-off upload).
      if (size < 16 || body + 16 > bytes.byteLength) {
        throw unsupported(source, 'its format chunk is truncated');
      }
      let tag = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of the GUID.
      if (tag === 0xfffe && size >= 26 && body + 26 <= bytes.byteLength)
        tag = view.getUint16(body + 24, true);
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw unsupported(source, 'its data comes before the format chunk');
      // Streaming writers (espeak-ng to a pipe, some recorders) leave the size at 0 or ~0.
      const end = size === 0 || body + size > bytes.byteLength ? bytes.byteLength : body + size;
      return {
        samples: readSamples(view, body, end, format, source),
        sampleRate: format.sampleRate,
        channels: format.channels,
      };
    }
    offset = body + size + (size % 2);
  }
  throw unsupported(source, 'it has no audio data chunk');
}

/** Averages the channels and resamples (band-limited) to 16 kHz, the rate Whisper expects. */
export function toSpeechAudio(audio: DecodedAudio): Float32Array {
  const frames = Math.floor(audio.samples.length / audio.channels);
  const mono = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame += 1) {
    let sum = 0;
    for (let channel = 0; channel < audio.channels; channel += 1) {
      sum += audio.samples[frame * audio.channels + channel] ?? 0;
    }
    mono[frame] = sum / audio.channels;
  }
  return resample(mono, audio.sampleRate, SAMPLE_RATE);
}

function readSamples(
  view: DataView,
  start: number,
  end: number,
  format: { tag: number; channels: number; sampleRate: number; bits: number },
  source: string,
): Float32Array {
  const { tag, bits, channels, sampleRate } = format;
  if (channels < 1 || sampleRate < 1) throw unsupported(source, 'its header has no channels');
  const isPcm = tag === 1 && [8, 16, 24, 32].includes(bits);
  const isFloat = tag === 3 && bits === 32;
  if (!isPcm && !isFloat) {
    throw unsupported(source, `its encoding (format ${tag}, ${bits} bit) is not PCM or float`);
  }
  const width = bits / 8;
  const count = Math.floor((end - start) / width);
  const samples = new Float32Array(count);
  for (let index = 0; index < count; index += 1) {
    const at = start + index * width;
    if (isFloat) samples[index] = view.getFloat32(at, true);
    else if (bits === 8) samples[index] = (view.getUint8(at) - 128) / 128;
    else if (bits === 16) samples[index] = view.getInt16(at, true) / 0x8000;
    else if (bits === 24) {
      const value = (view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at);
      samples[index] = value / 0x800000;
    } else samples[index] = view.getInt32(at, true) / 0x80000000;
  }
  return samples;
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function unsupported(source: string, why: string): CoreError {
  return new CoreError(
    'invalid_input',
    `${source} can't be read because ${why}. Record or convert it to a PCM WAV file (for example "sox input.ext -r 16000 -c 1 output.wav") and try again.`,
  );
}
