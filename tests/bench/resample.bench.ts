import { performance } from 'node:perf_hooks';
import { resample, Resampler } from '../../shared/resample';

/**
 * What push-to-talk's low-pass resampling costs in the renderer: the whole of a 3 s and a
 * 30 s recording at once, and one 2048-frame block (what the window does as each arrives).
 */
export async function runResampleBench(): Promise<void> {
  for (const rate of [44_100, 48_000]) {
    for (const seconds of [3, 30]) {
      const input = new Float32Array(rate * seconds).map((_unused, index) => Math.sin(index / 7));
      resample(input.subarray(0, rate), rate, 16_000); // builds the kernel table once
      const started = performance.now();
      resample(input, rate, 16_000);
      const milliseconds = performance.now() - started;
      console.log(
        `${rate} Hz -> 16 kHz, ${seconds} s at once: ${milliseconds.toFixed(1)} ms (${((seconds * 1000) / milliseconds).toFixed(0)}x real time)`,
      );
    }
    const resampler = new Resampler(rate, 16_000);
    const block = new Float32Array(2_048).map((_unused, index) => Math.sin(index / 7));
    resampler.push(block);
    const started = performance.now();
    const blocks = 200;
    for (let count = 0; count < blocks; count += 1) resampler.push(block);
    const perBlock = (performance.now() - started) / blocks;
    console.log(
      `${rate} Hz -> 16 kHz, one 2048-frame block (${((2_048 / rate) * 1000).toFixed(0)} ms of audio): ${perBlock.toFixed(2)} ms`,
    );
  }
}
