import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../electron/core/models/hubFile';
import { abortableSleep, ModelLibrary } from '../../electron/core/models/modelLibrary';
import { loadModelRegistry } from '../../electron/core/models/registry';
import type { DownloadProgress, ModelEntry } from '../../shared/schemas/model';
import { temporaryFolder } from '../support/dataFolder';
import { FakeHub } from '../support/fakeHub';
import { ManualClock } from '../support/manualClock';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';

// The whisper-tiny.en tokenizer and configs that sit beside the checkout (no weights).
const weights = randomBytes(300_000);
let tinyWhisper: ModelEntry;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const skipReason = missingReferenceModels('the model library tests', referenceWhisperTiny);

beforeAll(async () => {
  if (skipReason) return;
  const registered = (await loadModelRegistry()).find(
    (model) => model.id === 'Xenova/whisper-tiny.en',
  )!;
  // The registry's checked files, plus a stand-in for the weights whose sha256 the registry
  // doesn't know, so the hub's own checksum is what guards it.
  tinyWhisper = {
    ...registered,
    files: [
      ...registered.files.filter((file) => file.sha256 !== null),
      { path: 'onnx/encoder_model_quantized.onnx', size: null, sha256: null },
    ],
  };
});

function hubFiles(): [string, Buffer | string][] {
  const prefix = 'Xenova/whisper-tiny.en/resolve/main/';
  return [
    ...tinyWhisper.files
      .filter((file) => file.sha256 !== null)
      .map((file): [string, string] => [
        `${prefix}${file.path}`,
        join(referenceWhisperTiny, file.path),
      ]),
    [`${prefix}onnx/encoder_model_quantized.onnx`, weights],
  ];
}

async function setUp(options: { model?: ModelEntry; retries?: number } = {}) {
  const hub = FakeHub.fromEntries(hubFiles());
  const hubUrl = await hub.start();
  const cache = temporaryFolder('arcflux-models-');
  cleanups.push(() => hub.stop(), cache.remove);
  const clock = new ManualClock();
  const progress: DownloadProgress[] = [];
  const library = new ModelLibrary([options.model ?? tinyWhisper], {
    cacheDir: cache.path,
    hubUrl,
    clock,
    onProgress: (event) => {
      clock.advance(100);
      progress.push(event);
    },
    sleep: async () => undefined,
    retries: options.retries,
  });
  return { hub, library, progress, cacheDir: cache.path };
}

describe.skipIf(skipReason)('model library against a hub on loopback', () => {
  it('downloads, verifies and publishes a model with progress', async () => {
    const { library, progress } = await setUp();
    expect((await library.status(tinyWhisper.id)).state).toBe('missing');
    const status = await library.download(tinyWhisper.id);
    expect(status).toMatchObject({ state: 'ready', reason: 'Installed and verified.' });
    const total = 2128494 + 2197 + 1318 + 339 + 835 + weights.length;
    expect(status.bytesOnDisk).toBeGreaterThanOrEqual(total);
    const done = progress.map((event) => event.bytesDone);
    expect(done).toEqual([...done].sort((left, right) => left - right));
    expect(progress.at(-1)).toMatchObject({ bytesDone: total, bytesTotal: total, etaSeconds: 0 });
    // The weights' size, missing from the registry, came from the hub before the download.
    expect(progress.every((event) => event.bytesTotal === total)).toBe(true);
    expect(progress.some((event) => event.bytesPerSecond > 0)).toBe(true);
    const tokenizer = await hashFile(join(library.modelDir(tinyWhisper.id), 'tokenizer.json'));
    expect(tokenizer.sha256).toBe(
      'c6ee8f089220a5b1188f6426456772572671c6141ae007eecb83c6a8349f5deb',
    );
  });

  it('resumes a file where the server dropped the connection', async () => {
    const { hub, library } = await setUp();
    const tokenizerPath = 'Xenova/whisper-tiny.en/resolve/main/tokenizer.json';
    hub.dropNextAfter(tokenizerPath, 700_000);
    expect((await library.download(tinyWhisper.id)).state).toBe('ready');
    const ranges = hub.requests
      .filter((request) => request.path === tokenizerPath)
      .map((request) => request.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(ranges[1]!.slice(6, -1))).toBeGreaterThan(0);
    const tokenizer = readFileSync(join(library.modelDir(tinyWhisper.id), 'tokenizer.json'));
    expect(tokenizer.equals(readFileSync(join(referenceWhisperTiny, 'tokenizer.json')))).toBe(true);
  });

  it('refuses a file whose checksum does not match, and publishes nothing', async () => {
    const wrong = {
      ...tinyWhisper,
      files: tinyWhisper.files.map((file) =>
        file.path === 'config.json' ? { ...file, sha256: '0'.repeat(64) } : file,
      ),
    };
    const { library } = await setUp({ model: wrong });
    await expect(library.download(wrong.id)).rejects.toThrow(
      /config\.json has sha256 .* not the expected 0{64}, so ArcFlux did not use it/,
    );
    expect(existsSync(library.modelDir(wrong.id))).toBe(false);
    expect((await library.status(wrong.id)).state).not.toBe('ready');
  });

  it('checks files the registry has no checksum for against the hub sha256', async () => {
    const { hub, library } = await setUp();
    hub.corrupt('Xenova/whisper-tiny.en/resolve/main/onnx/encoder_model_quantized.onnx');
    await expect(library.download(tinyWhisper.id)).rejects.toThrow(
      /encoder_model_quantized\.onnx has sha256 [0-9a-f]{64}, not the expected [0-9a-f]{64}/,
    );
    expect(existsSync(library.modelDir(tinyWhisper.id))).toBe(false);
  });

  it('gives up on a connection that keeps dropping, keeping what arrived', async () => {
    const { hub, library } = await setUp({ retries: 0 });
    hub.dropNextAfter('Xenova/whisper-tiny.en/resolve/main/tokenizer.json', 1000);
    await expect(library.download(tinyWhisper.id)).rejects.toThrow(
      /kept failing.*what arrived so far is kept/,
    );
    expect(await library.status(tinyWhisper.id)).toMatchObject({ state: 'paused' });
    expect((await library.download(tinyWhisper.id)).state).toBe('ready');
  });

  it('pauses with the partial files kept, resumes, and cancels or removes cleanly', async () => {
    const hub = FakeHub.fromEntries(hubFiles());
    const hubUrl = await hub.start();
    const cache = temporaryFolder('arcflux-models-');
    cleanups.push(() => hub.stop(), cache.remove);
    const library: ModelLibrary = new ModelLibrary([tinyWhisper], {
      cacheDir: cache.path,
      hubUrl,
      clock: new ManualClock(),
      onProgress: (event) => {
        if (event.file === 'tokenizer.json' && event.bytesDone > 100_000)
          library.pause(tinyWhisper.id);
      },
    });
    const paused = await library.download(tinyWhisper.id);
    expect(paused.state).toBe('paused');
    expect(paused.bytesOnDisk).toBeGreaterThan(0);
    expect(existsSync(library.modelDir(tinyWhisper.id))).toBe(false);

    const resumed = new ModelLibrary([tinyWhisper], {
      cacheDir: cache.path,
      hubUrl,
      clock: new ManualClock(),
    });
    expect((await resumed.download(tinyWhisper.id)).state).toBe('ready');
    expect(hub.requests.some((request) => request.range !== undefined)).toBe(true);

    await resumed.remove(tinyWhisper.id);
    expect(await resumed.status(tinyWhisper.id)).toMatchObject({
      state: 'missing',
      bytesOnDisk: 0,
    });
    expect(await resumed.diskUsage()).toBe(0);
  });

  it('installs from a local folder for offline machines, checking every file', async () => {
    const { library, cacheDir } = await setUp();
    const folder = temporaryFolder('arcflux-offline-');
    cleanups.push(folder.remove);
    cpSync(referenceWhisperTiny, folder.path, { recursive: true });
    await expect(library.installFromFolder(tinyWhisper.id, folder.path)).rejects.toThrow(
      /encoder_model_quantized\.onnx is missing/,
    );
    mkdirSync(join(folder.path, 'onnx'));
    writeFileSync(join(folder.path, 'onnx', 'encoder_model_quantized.onnx'), weights);
    // The registry has no sha256 for the weights and there is no hub to ask: installed,
    // but nothing vouches for them.
    expect(await library.installFromFolder(tinyWhisper.id, folder.path)).toMatchObject({
      state: 'installed_unverified',
      reason: expect.stringContaining(
        'knows no checksum for onnx/encoder_model_quantized.onnx, so it could not check that file',
      ),
    });

    writeFileSync(join(folder.path, 'config.json'), '{}');
    await expect(library.installFromFolder(tinyWhisper.id, folder.path)).rejects.toThrow(
      /config\.json is 2 bytes, not the 2197 expected/,
    );
    // The failed install's files went with it; nothing else in the cache was touched.
    expect(readdirSync(join(cacheDir, '.installing'))).toEqual([]);
    expect(existsSync(join(cacheDir, '.partial'))).toBe(false);
  });

  it('refuses a linked file, copying nothing, and installs the plain file in its place', async () => {
    const { library } = await setUp();
    const folder = temporaryFolder('arcflux-offline-');
    const elsewhere = temporaryFolder('arcflux-elsewhere-');
    cleanups.push(folder.remove, elsewhere.remove);
    cpSync(referenceWhisperTiny, folder.path, { recursive: true });
    mkdirSync(join(folder.path, 'onnx'));
    writeFileSync(join(elsewhere.path, 'weights.onnx'), weights);
    const linked = join(folder.path, 'onnx', 'encoder_model_quantized.onnx');
    symlinkSync(join(elsewhere.path, 'weights.onnx'), linked);
    await expect(library.installFromFolder(tinyWhisper.id, folder.path)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('encoder_model_quantized.onnx is a symbolic link'),
    });
    expect(existsSync(library.modelDir(tinyWhisper.id))).toBe(false);

    rmSync(linked);
    writeFileSync(linked, weights);
    await library.installFromFolder(tinyWhisper.id, folder.path);
    const installed = join(
      library.modelDir(tinyWhisper.id),
      'onnx',
      'encoder_model_quantized.onnx',
    );
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(readFileSync(installed).equals(weights)).toBe(true);
  });

  it('a pause ends the wait between retries (sleep test double that waits for the abort)', async () => {
    const hub = FakeHub.fromEntries(hubFiles());
    const hubUrl = await hub.start();
    const cache = temporaryFolder('arcflux-models-');
    cleanups.push(() => hub.stop(), cache.remove);
    hub.dropNextAfter('Xenova/whisper-tiny.en/resolve/main/tokenizer.json', 1000);
    let waits = 0;
    const library: ModelLibrary = new ModelLibrary([tinyWhisper], {
      cacheDir: cache.path,
      hubUrl,
      clock: new ManualClock(),
      retries: 5,
      // Waits until the download is aborted, however long the backoff asks for.
      sleep: (_milliseconds, signal) => {
        waits += 1;
        const waiting = new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve()),
        );
        library.pause(tinyWhisper.id);
        return waiting;
      },
    });
    expect((await library.download(tinyWhisper.id)).state).toBe('paused');
    expect(waits).toBe(1);
  }, 10_000);

  it('the default retry wait ends as soon as the download is aborted', async () => {
    const controller = new AbortController();
    // Ten minutes unless the abort ends it; the test would time out if it didn't.
    const waiting = abortableSleep(600_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('reports a damaged install as broken, with the way out', async () => {
    const { library } = await setUp();
    await library.download(tinyWhisper.id);
    writeFileSync(join(library.modelDir(tinyWhisper.id), 'tokenizer.json'), 'truncated');
    expect(await library.status(tinyWhisper.id)).toMatchObject({
      state: 'broken',
      reason:
        'tokenizer.json has changed size since it was verified. Delete the model and download it again.',
    });
  });
});
