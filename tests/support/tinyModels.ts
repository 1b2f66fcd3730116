import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '@huggingface/transformers';
import { decodeWav, toSpeechAudio } from '../../electron/core/speech/wav';
import { repositoryRoot } from './dataFolder';

/**
 * The tiny RANDOM-WEIGHT models written by tools/tiny-models/generate.py, in the hub layout
 * transformers.js reads offline. They produce garbage text: use them to run the real
 * loading, generation and decoding code, never to judge what a model understood.
 */
export const tinyModelsDir = join(repositoryRoot, 'tests', 'fixtures', 'models');
export const tinyWhisper = 'arcflux-tests/tiny-random-whisper';
export const tinyQwen = 'arcflux-tests/tiny-random-qwen3';
export const tinyManifestPath = join(tinyModelsDir, 'arcflux-tests', 'manifest.json');

/** Speaks `text` with espeak-ng and returns it as 16 kHz mono samples. */
export function speak(text: string): Float32Array {
  const folder = mkdtempSync(join(tmpdir(), 'arcflux-speak-'));
  try {
    const wav = join(folder, 'spoken.wav');
    const spoken = spawnSync('espeak-ng', ['-w', wav, text]);
    if (spoken.status !== 0) {
      throw new Error(
        `espeak-ng could not make a test WAV (${spoken.error?.message ?? spoken.stderr.toString()}). Install it: apt-get install espeak-ng.`,
      );
    }
    return toSpeechAudio(decodeWav(readFileSync(wav), wav));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The most likely next token after the last position of [1, time, vocabulary] logits. */
export function lastArgmax(logits: Tensor): number {
  const [, time, vocabulary] = logits.dims as [number, number, number];
  const row = (logits.data as Float32Array).subarray((time - 1) * vocabulary, time * vocabulary);
  let best = 0;
  for (let index = 1; index < row.length; index += 1) if (row[index]! > row[best]!) best = index;
  return best;
}
