import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../../electron/core/errors';
import {
  decodeWav,
  encodeWav,
  resample,
  toSpeechAudio,
} from '../../../../electron/core/speech/wav';

function pcmWav(
  options: { sampleRate: number; channels: number; bits: number; tag?: number },
  frames: number[][],
) {
  const width = options.bits / 8;
  const dataSize = frames.length * options.channels * width;
  const bytes = new Uint8Array(44 + dataSize);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('RIFF'), 0);
  view.setUint32(4, 36 + dataSize, true);
  bytes.set(new TextEncoder().encode('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, options.tag ?? 1, true);
  view.setUint16(22, options.channels, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * options.channels * width, true);
  view.setUint16(32, options.channels * width, true);
  view.setUint16(34, options.bits, true);
  bytes.set(new TextEncoder().encode('data'), 36);
  view.setUint32(40, dataSize, true);
  let at = 44;
  for (const frame of frames) {
    for (const value of frame) {
      if (options.bits === 16) view.setInt16(at, Math.round(value * 0x7fff), true);
      else if (options.bits === 32 && options.tag === 3) view.setFloat32(at, value, true);
      at += width;
    }
  }
  return bytes;
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('decodeWav', () => {
  it('reads 16-bit PCM stereo and mixes it to mono', () => {
    const wav = pcmWav({ sampleRate: 16_000, channels: 2, bits: 16 }, [
      [0.5, 0.5],
      [-0.5, 0.5],
    ]);
    const decoded = decodeWav(wav);
    expect(decoded).toMatchObject({ sampleRate: 16_000, channels: 2 });
    const mono = toSpeechAudio(decoded);
    expect(mono).toHaveLength(2);
    expect(mono[0]).toBeCloseTo(0.5, 3);
    expect(mono[1]).toBeCloseTo(0, 3);
  });

  it('reads 32-bit float samples', () => {
    const wav = pcmWav({ sampleRate: 16_000, channels: 1, bits: 32, tag: 3 }, [[0.25], [-1]]);
    expect(Array.from(decodeWav(wav).samples)).toEqual([0.25, -1]);
  });

  it('round-trips what encodeWav writes', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 1]);
    const decoded = decodeWav(encodeWav(samples));
    expect(decoded.sampleRate).toBe(16_000);
    decoded.samples.forEach((value, index) => expect(value).toBeCloseTo(samples[index] ?? 0, 3));
  });

  it('rejects a file that is not a WAV with a message saying what to do', () => {
    const error = thrown(() =>
      decodeWav(new TextEncoder().encode('ID3 this is an mp3'), 'song.mp3'),
    );
    expect(isCoreError(error)).toBe(true);
    expect(error.message).toMatch(/song\.mp3 can't be read because it is not a WAV file/);
    expect(error.message).toMatch(/sox/);
  });

  it('rejects a WAV cut off inside its format chunk as invalid input, not a crash', () => {
    const whole = encodeWav(Float32Array.from([0, 0.5]));
    // RIFF header (12) + "fmt " and its size (8) + 6 of its 16 bytes.
    const cut = whole.subarray(0, 26);
    const error = thrown(() => decodeWav(cut, 'cut.wav'));
    expect(isCoreError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error.message).toMatch(
      /^cut\.wav can't be read because its format chunk is truncated\. .*sox/,
    );
  });

  it('rejects compressed WAV encodings by name', () => {
    const wav = pcmWav({ sampleRate: 8000, channels: 1, bits: 8, tag: 6 }, [[0]]);
    expect(thrown(() => decodeWav(wav)).message).toMatch(/format 6, 8 bit\) is not PCM or float/);
  });
});

describe('resample', () => {
  it('keeps the duration when converting 22.05 kHz to 16 kHz', () => {
    const input = new Float32Array(22_050).fill(0.1);
    const output = resample(input, 22_050, 16_000);
    expect(output).toHaveLength(16_000);
    expect(output[8000]).toBeCloseTo(0.1, 5);
  });
});
