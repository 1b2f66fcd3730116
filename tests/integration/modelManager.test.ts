import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/clock';
import { parseSystemConfig } from '../../electron/core/config/systemConfig';
import { EventBus } from '../../electron/core/events';
import { defaultModelChoice } from '../../electron/core/models/choice';
import { ModelManager } from '../../electron/core/models/modelManager';
import { loadModelRegistry } from '../../electron/core/models/registry';
import { SettingsRepository } from '../../electron/core/repositories/settings';
import type { DownloadProgress, ModelsOverview } from '../../shared/schemas/model';
import { repositoryRoot, temporaryFolder } from '../support/dataFolder';
import { eventually } from '../support/eventually';
import { FakeHub } from '../support/fakeHub';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';
import { sampleSettings } from '../support/samples';

const TINY = 'Xenova/whisper-tiny.en';

/** Test double for the clock: every reading moves time on by `step` milliseconds. */
class SteppingClock implements Clock {
  #now = Date.parse('2026-11-01T09:30:00.000Z');
  constructor(private readonly step: number) {}
  now(): Date {
    this.#now += this.step;
    return new Date(this.#now);
  }
  peek(): number {
    return this.#now;
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(clock: Clock) {
  const files = [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
  ];
  const hub = FakeHub.fromEntries([
    ...files.map((file): [string, string] => [
      `${TINY}/resolve/main/${file}`,
      join(referenceWhisperTiny, file),
    ]),
    [`${TINY}/resolve/main/onnx/encoder_model_quantized.onnx`, randomBytes(100_000)],
    [`${TINY}/resolve/main/onnx/decoder_model_merged_quantized.onnx`, randomBytes(100_000)],
  ]);
  const hubUrl = await hub.start();
  const folder = temporaryFolder('arcflux-manager-');
  const text = readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8');
  const raw = JSON.parse(text);
  raw.models.hubUrl = hubUrl;
  const config = parseSystemConfig(JSON.stringify(raw), 'system_config.json');
  const events = new EventBus();
  const settings = await SettingsRepository.open(
    folder.path,
    clock,
    sampleSettings({ models: defaultModelChoice(config) }),
  );
  const manager = new ModelManager(
    await loadModelRegistry(),
    { config, dataDir: folder.path, clock, events, settings },
    { sleep: async () => undefined },
  );
  cleanups.push(
    folder.remove,
    () => hub.stop(),
    () => manager.close(),
  );
  const changes: ModelsOverview[] = [];
  events.on('models:changed', ({ overview }) => changes.push(overview));
  /** Waits for a models:changed event, after the first `after` ones, with the state. */
  const untilTiny = (state: string, after = 0) =>
    eventually(
      () =>
        changes
          .slice(after)
          .some((overview) => overview.models.find((model) => model.id === TINY)?.state === state),
      `${TINY} to become ${state}`,
    );
  /** Waits until part of the download is on disk, however slowly the machine runs. */
  const untilSomeBytes = () =>
    eventually(
      async () =>
        ((await manager.overview()).models.find((model) => model.id === TINY)?.bytesOnDisk ?? 0) >
        0,
      `the first bytes of ${TINY} on disk`,
    );
  return { hub, manager, events, untilTiny, untilSomeBytes, changes };
}

const skipReason = missingReferenceModels('the model manager tests', referenceWhisperTiny);

describe.skipIf(skipReason)('model manager', () => {
  it('sends at most 4 progress events a second per model (by the core clock)', async () => {
    const clock = new SteppingClock(100);
    const { manager, events, untilTiny } = await setUp(clock);
    const sent: { at: number; progress: DownloadProgress }[] = [];
    events.on('models:progress', ({ progress }) => sent.push({ at: clock.peek(), progress }));
    await manager.download(TINY);
    await untilTiny('ready');
    expect(sent.length).toBeGreaterThan(2);
    const gaps = sent.slice(1).map((each, index) => each.at - sent[index]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    const done = sent.map((each) => each.progress.bytesDone);
    expect(done).toEqual([...done].sort((left, right) => left - right));
  });

  it('refuses to delete or replace a model while a run uses it', async () => {
    const { manager, untilTiny } = await setUp(new SteppingClock(1));
    await manager.download(TINY);
    await untilTiny('ready');
    let finishRun: () => void = () => undefined;
    const run = manager.use(TINY, () => new Promise<void>((resolve) => (finishRun = resolve)));
    await expect(manager.remove(TINY)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /is being used right now .* so it can't be deleted\. Try again in a moment; nothing was changed\./,
      ),
    });
    expect((await manager.overview()).models.find((model) => model.id === TINY)?.state).toBe(
      'ready',
    );
    finishRun();
    await run;
    await expect(manager.remove(TINY)).resolves.toMatchObject({ state: 'missing' });
  });

  it('keeps a download that is running when the core closes, for a resume', async () => {
    const { hub, manager, untilSomeBytes } = await setUp(new SteppingClock(1));
    hub.pace({ chunkBytes: 16_000, delayMs: 20 });
    await manager.download(TINY);
    await untilSomeBytes();
    await manager.close();
    const tiny = (await manager.overview()).models.find((model) => model.id === TINY)!;
    expect(tiny).toMatchObject({ state: 'paused', error: null });
    expect(tiny.bytesOnDisk).toBeGreaterThan(0);
  });

  it('reports a failed download on the model, and clears it on the next try', async () => {
    const { hub, manager, untilTiny, changes } = await setUp(new SteppingClock(1));
    hub.corrupt(`${TINY}/resolve/main/onnx/encoder_model_quantized.onnx`);
    await manager.download(TINY);
    await untilTiny('paused');
    const failed = (await manager.overview()).models.find((model) => model.id === TINY)!;
    expect(failed.error).toMatch(
      /encoder_model_quantized\.onnx has sha256 [0-9a-f]{64}, not the expected/,
    );
    const before = changes.length;
    const again = await manager.resume(TINY);
    expect(again).toMatchObject({ state: 'downloading', error: null });
    // The bad file was thrown away, so the retry fetches it whole and checks it again
    // rather than accepting the bytes already on disk.
    await untilTiny('paused', before);
    const retried = (await manager.overview()).models.find((model) => model.id === TINY)!;
    expect(retried.error).toMatch(/encoder_model_quantized\.onnx has sha256/);
    const encoderRequests = hub.requests.filter(
      (request) =>
        request.method === 'GET' && request.path.endsWith('encoder_model_quantized.onnx'),
    );
    expect(encoderRequests.map((request) => request.range)).toEqual([undefined, undefined]);
  });

  /** A folder with every file of whisper-tiny.en (random bytes for the unchecked weights). */
  function offlineFolder() {
    const folder = temporaryFolder('arcflux-offline-');
    cleanups.push(folder.remove);
    cpSync(referenceWhisperTiny, folder.path, { recursive: true });
    mkdirSync(join(folder.path, 'onnx'), { recursive: true });
    for (const file of ['encoder_model_quantized.onnx', 'decoder_model_merged_quantized.onnx']) {
      writeFileSync(join(folder.path, 'onnx', file), randomBytes(100_000));
    }
    return folder.path;
  }

  it('refuses to install from a folder over a paused download, keeping its files', async () => {
    const { hub, manager, untilTiny, untilSomeBytes } = await setUp(new SteppingClock(1));
    hub.pace({ chunkBytes: 16_000, delayMs: 20 });
    await manager.download(TINY);
    await untilSomeBytes();
    await manager.pause(TINY);
    await untilTiny('paused');
    const partial = (await manager.overview()).models.find((model) => model.id === TINY)!;
    expect(partial.bytesOnDisk).toBeGreaterThan(0);
    await expect(manager.install(TINY, offlineFolder())).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /has a paused download, so ArcFlux didn't install it from the folder\. Cancel the paused download first .*or resume it\. Nothing was changed\./,
      ),
    });
    const after = (await manager.overview()).models.find((model) => model.id === TINY)!;
    expect(after).toMatchObject({ state: 'paused', bytesOnDisk: partial.bytesOnDisk });
  });

  it('refuses download, resume, cancel and delete while an install from a folder runs', async () => {
    const { manager } = await setUp(new SteppingClock(1));
    const folder = offlineFolder();
    // 200 MB of (sparse) weights: copying and hashing them keeps the install running
    // while the test tries the other actions, which take a few milliseconds.
    const weights = join(folder, 'onnx', 'decoder_model_merged_quantized.onnx');
    expect(spawnSync('truncate', ['-s', '200M', weights]).status).toBe(0);
    const installing = manager.install(TINY, folder);
    const gathering = join(manager.cacheDir, '.installing');
    await eventually(
      () => existsSync(gathering) && readdirSync(gathering).length > 0,
      'the install from a folder to start gathering files',
    );
    const busy = expect.stringMatching(
      /is being installed from a folder right now, so ArcFlux can't .*Wait for the install to finish; nothing was changed\./,
    );
    for (const action of [
      () => manager.download(TINY),
      () => manager.resume(TINY),
      () => manager.cancel(TINY),
      () => manager.remove(TINY),
      () => manager.install(TINY, folder),
    ]) {
      await expect(action()).rejects.toMatchObject({ code: 'conflict', message: busy });
    }
    // The registry lists the weights without a sha256: installed, not verified.
    await expect(installing).resolves.toMatchObject({ state: 'installed_unverified' });
    await expect(manager.remove(TINY)).resolves.toMatchObject({ state: 'missing' });
  });
});
