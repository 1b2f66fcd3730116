import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWhisperCpp } from '../../electron/core/speech/whisperCppSpeech';
import { runCli } from '../support/cli';
import { temporaryFolder } from '../support/dataFolder';
import { missingReferenceModels, referenceGgmlTestModel } from '../support/referenceModels';

const BUILD_BUDGET_MS = 5 * 60_000;

const data = temporaryFolder('arcflux-transcribe-');
const wav = join(data.path, 'command.wav');
let skipReason: string | undefined;

beforeAll(async () => {
  const spoken = spawnSync('espeak-ng', ['-w', wav, 'Pay User Two 120 USDC every Friday']);
  expect(spoken.status, spoken.stderr.toString()).toBe(0);
  try {
    await buildWhisperCpp({ timeoutMs: BUILD_BUDGET_MS });
  } catch (error) {
    skipReason = `whisper.cpp could not be built: ${(error as Error).message}`;
    console.warn(`skipped: arcflux transcribe with whisper.cpp: ${skipReason}`);
  }
  skipReason ??= missingReferenceModels(
    'arcflux transcribe with whisper.cpp',
    referenceGgmlTestModel,
  );
}, BUILD_BUDGET_MS + 30_000);

afterAll(() => data.remove());

describe('arcflux transcribe', () => {
  it('says the transformers model is not installed and how to get it', async () => {
    const result = await runCli(['transcribe', wav, '--data', data.path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^arcflux transcribe: Whisper tiny \(English\), quantised is not installed: [^\s/]+ is missing\. Download it in Settings > Models/,
    );
    // The missing file by name: the model cache's folders are never part of the message.
    expect(result.stderr).not.toContain('Xenova/whisper-tiny.en/');
  });

  it('prints the (empty) transcript and timing from whisper.cpp with the ggml test model', async (context) => {
    if (skipReason) context.skip();
    const result = await runCli([
      'transcribe',
      wav,
      '--engine',
      'whisper-cpp',
      '--model',
      referenceGgmlTestModel,
      '--data',
      data.path,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [text, timing] = result.stdout.trim().split('\n');
    expect(text).toBe('(no speech recognised)');
    expect(timing).toMatch(
      /^whisper-cpp · whisper\.cpp model .*for-tests-ggml-tiny\.en\.bin · [\d.]+ m?s for [\d.]+ s of audio$/,
    );
  });

  it('explains a missing ggml model', async () => {
    const result = await runCli([
      'transcribe',
      wav,
      '--engine',
      'whisper-cpp',
      '--data',
      data.path,
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Whisper tiny \(English\) for whisper\.cpp is not installed: .*ggml-tiny\.en\.bin is missing/,
    );
  });

  it('rejects a file that is not a WAV as a usage problem', async () => {
    const notWav = join(data.path, 'note.txt');
    writeFileSync(notWav, 'hello');
    const result = await runCli(['transcribe', notWav, '--data', data.path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/note\.txt can't be read because it is not a WAV file/);
  });

  it('rejects an unknown engine', async () => {
    const result = await runCli(['transcribe', wav, '--engine', 'vosk']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--engine/);
  });
});
