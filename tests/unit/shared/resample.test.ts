import { describe, expect, it } from 'vitest';
import { rootMeanSquare } from '../../../shared/audio';
import { concatenate, resample, Resampler } from '../../../shared/resample';

function tone(frequency: number, rate: number, seconds = 1, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(rate * seconds));
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = amplitude * Math.sin((2 * Math.PI * frequency * index) / rate);
  }
  return samples;
}

/** RMS away from the edges, where the filter sees the zeros around the signal. */
function middleRms(samples: Float32Array): number {
  const edge = Math.floor(samples.length / 10);
  return rootMeanSquare(samples.subarray(edge, samples.length - edge));
}

describe('resample (windowed sinc)', () => {
  it.each([48_000, 44_100])(
    'never leaves [-1, 1] for clipped (full-scale square wave) input from %i Hz',
    (rate) => {
      // A 300 Hz square wave at full scale: what a shouted word into a clipping microphone is.
      const square = new Float32Array(rate);
      for (let index = 0; index < square.length; index += 1) {
        square[index] = Math.floor((index * 300 * 2) / rate) % 2 === 0 ? 1 : -1;
      }
      const output = resample(square, rate, 16_000);
      let peak = 0;
      for (const sample of output) peak = Math.max(peak, Math.abs(sample));
      expect(peak).toBeLessThanOrEqual(1);
      // Clamped, not scaled down: the square wave still reaches full scale.
      expect(peak).toBeGreaterThan(0.99);
    },
  );

  it.each([48_000, 44_100, 22_050, 96_000])('keeps the duration from %i Hz to 16 kHz', (rate) => {
    expect(resample(new Float32Array(rate * 2), rate, 16_000)).toHaveLength(32_000);
  });

  it.each([48_000, 44_100])('passes speech-band tones from %i Hz at their level', (rate) => {
    for (const frequency of [200, 1_000, 3_000, 6_000]) {
      const output = resample(tone(frequency, rate), rate, 16_000);
      // An ideal 0.5-amplitude sine has RMS 0.3536; within 0.1 dB.
      expect(middleRms(output)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    }
  });

  it.each([48_000, 44_100])(
    'removes tones above 8 kHz from %i Hz instead of folding them into the speech band',
    (rate) => {
      for (const frequency of [9_000, 12_000, 15_000]) {
        const output = resample(tone(frequency, rate), rate, 16_000);
        // Linear interpolation (what wav.ts did before) leaves these within 3 dB of their
        // level, as aliases at 7, 4 and 1 kHz; the filter takes them below -60 dB.
        expect(20 * Math.log10(middleRms(output) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
      }
    },
  );

  it('keeps a constant level (unity gain at 0 Hz)', () => {
    const output = resample(new Float32Array(22_050).fill(0.1), 22_050, 16_000);
    expect(output[8_000]).toBeCloseTo(0.1, 5);
  });
});

describe('Resampler (in pieces)', () => {
  it.each([48_000, 44_100])('gives what resample gives for the whole, from %i Hz', (rate) => {
    const input = tone(440, rate, 0.5).map((value, index) => value + 0.1 * Math.sin(index));
    const whole = resample(input, rate, 16_000);
    const resampler = new Resampler(rate, 16_000);
    const pieces: Float32Array[] = [];
    for (let start = 0; start < input.length; start += 2_048) {
      pieces.push(resampler.push(input.subarray(start, start + 2_048)));
    }
    pieces.push(resampler.finish());
    const streamed = concatenate(pieces);
    expect(streamed).toHaveLength(whole.length);
    const worst = streamed.reduce(
      (most, value, index) => Math.max(most, Math.abs(value - (whole[index] ?? 0))),
      0,
    );
    expect(worst).toBeLessThan(1e-6);
  });
});
