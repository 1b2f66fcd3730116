import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { loadSystemConfig } from '../../electron/core/config/systemConfig';
import { openCore, type Core } from '../../electron/core/createCore';
import { currentModelChoice } from '../../electron/core/models/choice';
import { SettingsRepository } from '../../electron/core/repositories/settings';
import { startServer, type RunningServer } from '../../electron/server/server';
import { createSseParser } from '../../renderer/src/bridge/sse';
import type { ModelsOverview } from '../../shared/schemas/model';
import { repositoryRoot, temporaryFolder } from '../support/dataFolder';
import { FakeHub } from '../support/fakeHub';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';
import { sampleSettings } from '../support/samples';

const TINY = 'Xenova/whisper-tiny.en';
const token = 'models-token-0123456789abcdef';
const encoder = randomBytes(200_000);
const decoder = randomBytes(150_000);
const checkedFiles = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
];
const skipReason = missingReferenceModels('the models REST tests', referenceWhisperTiny);
const totalBytes = skipReason
  ? 0
  : checkedFiles.reduce(
      (sum, file) => sum + readFileSync(join(referenceWhisperTiny, file)).length,
      0,
    ) +
    encoder.length +
    decoder.length;

const hub = FakeHub.fromEntries([
  ...(skipReason ? [] : checkedFiles).map((file): [string, string] => [
    `${TINY}/resolve/main/${file}`,
    join(referenceWhisperTiny, file),
  ]),
  [`${TINY}/resolve/main/onnx/encoder_model_quantized.onnx`, encoder],
  [`${TINY}/resolve/main/onnx/decoder_model_merged_quantized.onnx`, decoder],
]);
const root = temporaryFolder('arcflux-models-rest-');
const dataDir = join(root.path, 'data');
const configPath = join(root.path, 'system_config.json');
const staticDir = join(root.path, 'static');
let core: Core;
let server: RunningServer;
const events: { event: string; data: any }[] = [];
/** Called on every event that arrives, so a test waits on the event, not on a timer. */
const eventWaiters = new Set<() => void>();
const stream = new AbortController();

async function api(path: string, body?: unknown) {
  const response = await fetch(new URL(path, server.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/**
 * Resolves with the first event (already received or still to come) that matches. The
 * limit is generous: it only turns a missing event into a message naming what came.
 */
function nextEvent(
  after: number,
  matches: (event: { event: string; data: any }) => boolean,
): Promise<{ event: string; data: any }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = events.slice(after).find(matches);
      if (!found) return;
      finish();
      resolve(found);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no matching event; saw ${events.map((each) => each.event).join(', ')}`));
    }, 90_000);
    const finish = () => {
      clearTimeout(timer);
      eventWaiters.delete(check);
    };
    eventWaiters.add(check);
    check();
  });
}

function tinyIn(overview: ModelsOverview) {
  return overview.models.find((model) => model.id === TINY)!;
}

const isTinyChanged = (state: string) => (message: { event: string; data: any }) =>
  message.event === 'models:changed' && tinyIn(message.data.overview).state === state;

beforeAll(async () => {
  if (skipReason) return;
  const hubUrl = await hub.start();
  const config = JSON.parse(readFileSync(join(repositoryRoot, 'system_config.json'), 'utf8'));
  config.models.hubUrl = hubUrl;
  writeFileSync(configPath, JSON.stringify(config));
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>ArcFlux</title>');
  core = await openCore({
    dataDir,
    owner: 'the models REST test',
    configPath,
    models: {
      sleep: async () => undefined,
      whisperCppBuild: () => ({ built: true, missingTools: [] }),
    },
  });
  server = await startServer({
    core,
    host: '127.0.0.1',
    port: 0,
    token,
    launchCode: 'launch-code-0123456789',
    staticDir,
  });
  const response = await fetch(new URL('/v1/events', server.url), {
    headers: { authorization: `Bearer ${token}` },
    signal: stream.signal,
  });
  const parser = createSseParser((event, data) => {
    events.push({ event, data: JSON.parse(data) });
    for (const waiter of [...eventWaiters]) waiter();
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.push(decoder.decode(chunk, { stream: true }));
      }
    } catch {
      // The stream is aborted when the tests end.
    }
  })();
});

afterAll(async () => {
  if (skipReason) return root.remove();
  stream.abort();
  await server.close();
  await core.close();
  await hub.stop();
  root.remove();
});

describe.skipIf(skipReason)('models over REST, against a hub on loopback', () => {
  it('lists the registry, the choice from system_config.json and why each engine is not ready', async () => {
    const { status, body } = await api('/v1/models');
    expect(status).toBe(200);
    const overview = body.data as ModelsOverview;
    expect(overview.models.map((model) => model.id)).toContain('onnx-community/Qwen3-0.6B-ONNX');
    expect(tinyIn(overview)).toMatchObject({
      label: 'Whisper tiny (English), quantised',
      task: 'speech-to-text',
      licence: 'apache-2.0',
      state: 'missing',
      bytesOnDisk: 0,
      progress: null,
      usedBy: ['speech-to-text'],
    });
    expect(overview.choice).toEqual({
      speechToText: { engine: 'transformers', model: TINY },
      llm: { enabled: false, model: 'onnx-community/Qwen3-0.6B-ONNX' },
    });
    expect(overview.engines).toEqual([
      expect.objectContaining({
        task: 'speech-to-text',
        state: 'missing',
        reason: expect.stringContaining('is not downloaded. Download it in Settings > Models'),
      }),
      expect.objectContaining({ task: 'text-generation', state: 'off' }),
    ]);
    expect(overview.diskUsageBytes).toBe(0);
  });

  it('downloads in the background with progress events, then reports the model and engine ready', async () => {
    const from = events.length;
    const started = await api('/v1/models/download', { id: TINY });
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({ id: TINY, state: 'downloading' });
    const done = await nextEvent(from, isTinyChanged('ready'));
    const progress = events
      .slice(from)
      .filter((message) => message.event === 'models:progress')
      .map((message) => message.data.progress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((each) => each.modelId === TINY)).toBe(true);
    const bytes = progress.map((each) => each.bytesDone);
    expect(bytes).toEqual([...bytes].sort((left, right) => left - right));
    expect(bytes.at(-1)).toBeLessThanOrEqual(totalBytes);
    // The registry lacks the weights' sizes; the hub was asked first, so the total is
    // known from the first event on.
    expect(progress.map((each) => each.bytesTotal)).toEqual(progress.map(() => totalBytes));

    const overview = done.data.overview as ModelsOverview;
    expect(tinyIn(overview)).toMatchObject({ state: 'ready', error: null, progress: null });
    expect(tinyIn(overview).bytesOnDisk).toBeGreaterThanOrEqual(totalBytes);
    expect(overview.diskUsageBytes).toBeGreaterThanOrEqual(totalBytes);
    expect(overview.engines[0]).toMatchObject({ state: 'ready' });
    const listed = await api('/v1/models');
    expect(tinyIn(listed.body.data).state).toBe('ready');
  });

  it('refuses bad input with what, why and what to do, changing nothing', async () => {
    const settingsBefore = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    const unknown = await api('/v1/models/download', { id: 'someone/nothing' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /There is no model "someone\/nothing" in the registry\. Known models: Xenova\/whisper-tiny\.en/,
    );
    const again = await api('/v1/models/download', { id: TINY });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already installed and verified.*Delete it first/);
    const pause = await api('/v1/models/pause', { id: TINY });
    expect(pause.status).toBe(409);
    expect(pause.body.error.message).toMatch(/is not downloading, so there is nothing to pause/);
    const resume = await api('/v1/models/resume', { id: TINY });
    expect(resume.status).toBe(409);
    const extra = await api('/v1/models/download', { id: TINY, force: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/unknown field "force"/);
    const relative = await api('/v1/models/install', { id: TINY, folder: 'models/tiny' });
    expect(relative.status).toBe(400);
    expect(relative.body.error.message).toMatch(/is not a full path.*Give the whole path/);

    const notSpeech = await api('/v1/models/choose', {
      speechToText: { engine: 'transformers', model: 'onnx-community/Qwen3-0.6B-ONNX' },
    });
    expect(notSpeech.status).toBe(400);
    expect(notSpeech.body.error.message).toMatch(
      /is a text-generation model, not a speech-to-text one\. Choose one of: Xenova\/whisper-tiny\.en.*Nothing was changed\./,
    );
    const mismatch = await api('/v1/models/choose', {
      speechToText: { engine: 'whisper-cpp', model: TINY },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toMatch(
      /runs on the transformers engine, not whisper-cpp\. Choose engine "transformers" for it, or one of the whisper-cpp models: ggerganov\/whisper\.cpp/,
    );
    const unknownModel = await api('/v1/models/choose', { llm: { model: 'nobody/llm' } });
    expect(unknownModel.status).toBe(400);
    expect(unknownModel.body.error.message).toMatch(/"nobody\/llm" is not a model ArcFlux knows/);
    const empty = await api('/v1/models/choose', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Must change "speechToText", "llm" or both/);
    expect(empty.body.error.issues).toEqual([
      expect.objectContaining({ path: [], message: expect.stringMatching(/^Must change/) }),
    ]);
    const viaSettings = await fetch(new URL('/v1/settings', server.url), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ models: { speechToText: { engine: 'whisper-cpp', model: 'x' } } }),
    });
    expect(viaSettings.status).toBe(400);
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(settingsBefore);
  });

  it('saves a choice, which currentModelChoice then returns over the config defaults', async () => {
    const from = events.length;
    const chosen = await api('/v1/models/choose', {
      speechToText: { engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' },
      llm: { enabled: true },
    });
    expect(chosen.status).toBe(200);
    const overview = chosen.body.data as ModelsOverview;
    expect(overview.choice).toEqual({
      speechToText: { engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' },
      llm: { enabled: true, model: 'onnx-community/Qwen3-0.6B-ONNX' },
    });
    // Choosing a model that is not downloaded is allowed; its engine says so.
    expect(overview.engines).toEqual([
      expect.objectContaining({ engine: 'whisper-cpp', state: 'missing' }),
      expect.objectContaining({
        task: 'text-generation',
        state: 'missing',
        reason: expect.stringContaining('Qwen3 0.6B, 4-bit is not downloaded'),
      }),
    ]);
    expect(tinyIn(overview).usedBy).toEqual([]);
    await nextEvent(from, (message) => message.event === 'settings:changed');
    const settings = await api('/v1/settings');
    expect(settings.body.data.models).toEqual(overview.choice);

    const config = await loadSystemConfig(configPath);
    const repository = await SettingsRepository.open(dataDir, systemClock, sampleSettings());
    const choice = currentModelChoice({ config, dataDir, settings: repository });
    expect(choice.speechToText).toEqual({ engine: 'whisper-cpp', model: 'ggerganov/whisper.cpp' });
    expect(choice.llm).toEqual({ ...config.models.llm, enabled: true });
    expect(currentModelChoice({ config, dataDir }).speechToText.engine).toBe('transformers');

    const back = await api('/v1/models/choose', {
      speechToText: { engine: 'transformers', model: TINY },
      llm: { enabled: false },
    });
    expect(back.body.data.engines[1].state).toBe('off');
  });

  it('deletes an installed model, and says when there is nothing to delete', async () => {
    const deleted = await api('/v1/models/delete', { id: TINY });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ state: 'missing', bytesOnDisk: 0 });
    expect(existsSync(join(dataDir, 'models', 'Xenova', 'whisper-tiny.en'))).toBe(false);
    const again = await api('/v1/models/delete', { id: TINY });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /is not on this machine, so there is nothing to delete/,
    );
    expect((await api('/v1/models')).body.data.diskUsageBytes).toBe(0);
  });

  it('pauses a download keeping what arrived, and resumes it with a Range request', async () => {
    hub.pace({ chunkBytes: 32_000, delayMs: 15 });
    try {
      const from = events.length;
      await api('/v1/models/download', { id: TINY });
      await nextEvent(from, (message) => message.event === 'models:progress');
      const refused = await api('/v1/models/delete', { id: TINY });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /downloading right now.*Cancel the download instead/,
      );
      const paused = await api('/v1/models/pause', { id: TINY });
      expect(paused.body.data).toMatchObject({ state: 'paused' });
      expect(paused.body.data.bytesOnDisk).toBeGreaterThan(0);
      expect(paused.body.data.bytesOnDisk).toBeLessThan(totalBytes);

      const requestsBefore = hub.requests.length;
      const resumeFrom = events.length;
      const resumed = await api('/v1/models/resume', { id: TINY });
      expect(resumed.body.data.state).toBe('downloading');
      await nextEvent(resumeFrom, isTinyChanged('ready'));
      const ranges = hub.requests
        .slice(requestsBefore)
        .filter((request) => request.method === 'GET')
        .map((request) => request.range);
      expect(ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
      const tokenizer = readFileSync(
        join(dataDir, 'models', 'Xenova', 'whisper-tiny.en', 'tokenizer.json'),
      );
      expect(tokenizer.equals(readFileSync(join(referenceWhisperTiny, 'tokenizer.json')))).toBe(
        true,
      );
    } finally {
      hub.pace(null);
    }
  });

  it('cancels a download and throws its partial files away', async () => {
    await api('/v1/models/delete', { id: TINY });
    hub.pace({ chunkBytes: 32_000, delayMs: 15 });
    try {
      const from = events.length;
      await api('/v1/models/download', { id: TINY });
      await nextEvent(from, (message) => message.event === 'models:progress');
      const cancelled = await api('/v1/models/cancel', { id: TINY });
      expect(cancelled.body.data).toMatchObject({ state: 'missing', bytesOnDisk: 0 });
      expect((await api('/v1/models')).body.data.diskUsageBytes).toBe(0);
      const again = await api('/v1/models/cancel', { id: TINY });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/has no download to cancel \(it is missing\)/);
    } finally {
      hub.pace(null);
    }
  });

  it('installs from a local folder, checking every file', async () => {
    const folder = join(root.path, 'offline');
    cpSync(referenceWhisperTiny, folder, { recursive: true });
    const incomplete = await api('/v1/models/install', { id: TINY, folder });
    expect(incomplete.status).toBe(404);
    expect(incomplete.body.error.message).toMatch(
      /onnx\/encoder_model_quantized\.onnx is missing, so Whisper tiny \(English\), quantised can't be installed from that folder/,
    );
    mkdirSync(join(folder, 'onnx'));
    writeFileSync(join(folder, 'onnx', 'encoder_model_quantized.onnx'), encoder);
    writeFileSync(join(folder, 'onnx', 'decoder_model_merged_quantized.onnx'), decoder);
    const installed = await api('/v1/models/install', { id: TINY, folder });
    expect(installed.status).toBe(200);
    // The registry has no sha256 for the weights, so nothing vouches for them.
    expect(installed.body.data).toMatchObject({
      state: 'installed_unverified',
      reason: expect.stringMatching(
        /^Installed, not verified: ArcFlux knows no checksum for onnx\/encoder_model_quantized\.onnx, onnx\/decoder_model_merged_quantized\.onnx, so it could not check those files\./,
      ),
    });
    const nowhere = await api('/v1/models/install', { id: TINY, folder: join(folder, 'nope') });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.message).toMatch(/is not a folder on this machine/);
  });
});
