import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWhisperCpp,
  WhisperCppSpeechToText,
} from '../../electron/core/speech/whisperCppSpeech';
import { decodeWav, toSpeechAudio } from '../../electron/core/speech/wav';
import { temporaryFolder } from '../support/dataFolder';
import { stopsWithin } from '../support/processes';
import { missingReferenceModels, referenceGgmlTestModel } from '../support/referenceModels';

/** CI's budget for the one-time build of whisper.cpp; beyond it the test skips, saying why. */
const BUILD_BUDGET_MS = 5 * 60_000;

let skipReason: string | undefined;
let audio: Float32Array = new Float32Array(0);
const folder = temporaryFolder('arcflux-speech-');

/** The tests that transcribe with whisper.cpp's own test model need it from ../shared. */
const modelMissing = missingReferenceModels(
  "transcribing with whisper.cpp's test model",
  referenceGgmlTestModel,
);

beforeAll(async () => {
  const wav = join(folder.path, 'command.wav');
  const spoken = spawnSync('espeak-ng', ['-w', wav, 'Pay User Two 120 USDC every Friday']);
  if (spoken.status !== 0) {
    skipReason = `espeak-ng could not make the test WAV (${spoken.error?.message ?? spoken.stderr.toString()})`;
    return;
  }
  audio = toSpeechAudio(decodeWav(readFileSync(wav), wav));
  const started = performance.now();
  try {
    await buildWhisperCpp({ timeoutMs: BUILD_BUDGET_MS });
    console.log(`whisper.cpp ready after ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    skipReason = `whisper.cpp could not be built within the test budget: ${(error as Error).message}`;
  }
}, BUILD_BUDGET_MS + 30_000);

afterAll(() => folder.remove());

describe('whisper.cpp through whisper-node, in a child process', () => {
  it('transcribes an espeak-ng WAV with the empty test model to empty text', async (context) => {
    if (skipReason) console.warn(`skipped: ${skipReason}`);
    if (skipReason ?? modelMissing) context.skip();
    expect(audio.length / 16_000).toBeGreaterThan(1);
    const cwd = process.cwd();
    const engine = new WhisperCppSpeechToText({
      modelPath: referenceGgmlTestModel,
      label: 'ggml test model',
    });
    const transcript = await engine.transcribe(audio, { vocabulary: ['User Two'] });
    expect(transcript).toMatchObject({ text: '', engine: 'whisper-cpp', model: 'ggml test model' });
    expect(transcript.durationMs).toBeGreaterThanOrEqual(0);
    // whisper-node's chdir happened in the child, not here.
    expect(process.cwd()).toBe(cwd);
  });

  it('passes contact names as --prompt, and hostile names run nothing in its shell', async (context) => {
    if (skipReason ?? modelMissing) context.skip();
    const marker = join(folder.path, 'prompt-injected');
    const engine = new WhisperCppSpeechToText({
      modelPath: referenceGgmlTestModel,
      label: 'ggml test model',
    });
    const transcript = await engine.transcribe(audio, {
      vocabulary: ['User Two', `Bob"; touch ${marker}; echo "`, `$(touch ${marker})`],
    });
    expect(transcript.text).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('explains a missing model file without starting whisper.cpp', async () => {
    const engine = new WhisperCppSpeechToText({
      modelPath: join(folder.path, 'ggml-base.en.bin'),
      label: 'Whisper base (English), ggml',
    });
    await expect(engine.transcribe(new Float32Array(16_000))).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /^Whisper base \(English\), ggml is not installed: .*ggml-base\.en\.bin is missing\. Download a ggml model/,
      ),
    });
  });

  it('turns a file that is not a ggml model into a clear error, not a crash', async (context) => {
    if (skipReason) context.skip();
    const bogus = join(folder.path, 'not-a-model.bin');
    spawnSync('sh', ['-c', `head -c 4096 /dev/urandom > '${bogus}'`]);
    const engine = new WhisperCppSpeechToText({ modelPath: bogus, label: 'broken model' });
    await expect(engine.transcribe(audio)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^Speech recognition with broken model failed: .*ggml model/),
    });
  });

  it('kills a transcription that outlives its timeout and says so', async (context) => {
    if (skipReason ?? modelMissing) context.skip();
    const engine = new WhisperCppSpeechToText({
      modelPath: referenceGgmlTestModel,
      label: 'ggml test model',
      timeoutMs: 50,
    });
    await expect(engine.transcribe(audio)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /^Speech recognition with ggml test model took longer than 50 ms and was stopped\./,
      ),
    });
  });

  it('explains a missing compiler instead of running make', async () => {
    const empty = join(folder.path, 'whisper.cpp');
    mkdirSync(empty);
    const path = process.env.PATH;
    process.env.PATH = folder.path;
    try {
      await expect(buildWhisperCpp({ folder: empty })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(
          /^whisper\.cpp can't be built because make, cc, c\+\+ are not installed\. Install a C\/C\+\+ compiler and make/,
        ),
      });
    } finally {
      process.env.PATH = path;
    }
  });

  it('gives make and the helper only PATH, HOME, TMPDIR and LANG, never secrets', async () => {
    const dumping = join(folder.path, 'env-whisper.cpp');
    mkdirSync(dumping);
    // A Makefile that records the environment make's children get, then "builds" main.
    writeFileSync(join(dumping, 'Makefile'), 'main:\n\tenv > env.txt; touch main\n');
    process.env.ARCFLUX_FAKE_SECRET = 'fake-circle-key-do-not-leak';
    try {
      await buildWhisperCpp({ folder: dumping, timeoutMs: 30_000 });
    } finally {
      delete process.env.ARCFLUX_FAKE_SECRET;
    }
    const environment = readFileSync(join(dumping, 'env.txt'), 'utf8');
    expect(environment).toContain(`PATH=${process.env.PATH}`);
    expect(environment).not.toContain('fake-circle-key-do-not-leak');
    expect(environment).not.toContain('ARCFLUX_FAKE_SECRET');
  });

  it('close() stops a running build, and the commands make started', async () => {
    const slow = join(folder.path, 'slow-whisper.cpp');
    mkdirSync(slow);
    writeFileSync(join(slow, 'Makefile'), 'main:\n\techo $$$$ > shell.pid; sleep 60\n');
    const building = buildWhisperCpp({ folder: slow, timeoutMs: 120_000 });
    const settled = building.then(
      () => 'the build finished',
      (error: Error) => `the build failed: ${error.message}`,
    );
    const pidFile = join(slow, 'shell.pid');
    // Until make's shell has written its pid; a build that ends first fails the test with
    // its reason instead of leaving this loop waiting.
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      const early = await Promise.race([settled, nextTurn(20)]);
      if (early) throw new Error(`${early} before its shell started`);
    }
    const shell = Number(readFileSync(pidFile, 'utf8'));
    const engine = new WhisperCppSpeechToText({ modelPath: referenceGgmlTestModel });
    await engine.close();
    await expect(building).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^Building whisper\.cpp failed \(make exited with SIGKILL\)/),
    });
    // The shell make started (the process group) is gone too. Killed at once, but on a busy
    // machine it may take a moment to be gone.
    expect(await stopsWithin(shell, 10_000)).toBe(true);
  });

  it('close() stops a running transcription and removes its temporary folder', async (context) => {
    if (skipReason) context.skip();
    const scratch = join(folder.path, 'tmp');
    mkdirSync(scratch);
    // The model is a named pipe: whisper.cpp blocks opening it until this test opens the
    // other end, so the transcription is certainly running, however busy the machine, when
    // close() comes. The test's own open returns at the moment whisper.cpp opens the model.
    const pipe = join(folder.path, 'model-pipe.bin');
    const made = spawnSync('mkfifo', [pipe]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    const writer = open(pipe, 'w');
    try {
      const engine = new WhisperCppSpeechToText({ modelPath: pipe, label: 'ggml test model' });
      const outcome = engine.transcribe(audio).then(
        () => 'finished',
        (error: Error) => error.message,
      );
      const first = await Promise.race([writer.then(() => 'model opened'), outcome]);
      expect(first).toBe('model opened');
      await engine.close();
      expect(await outcome).toMatch(/^Speech recognition with ggml test model failed/);
      expect(readdirSync(scratch)).toEqual([]);
      await expect(engine.transcribe(audio)).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/stopped because the app is closing/),
      });
    } finally {
      process.env.TMPDIR = tmp;
      // Unblocks the test's open if whisper.cpp never opened the pipe, then closes it.
      closeSync(openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK));
      await (await writer).close();
    }
  });

  it("turns a failed build into a message with make's last words", async () => {
    const broken = join(folder.path, 'broken-whisper.cpp');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'Makefile'),
      'main:\n\t@echo "fatal: no compiler flags" >&2; exit 3\n',
    );
    await expect(buildWhisperCpp({ folder: broken, timeoutMs: 30_000 })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /^Building whisper\.cpp failed \(make exited with 2\): .*fatal: no compiler flags/,
      ),
    });
  });
});

/** Resolves with nothing after `ms`: one turn of a wait loop that races something real. */
function nextTurn(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
