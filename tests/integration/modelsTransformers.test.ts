import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelLibrary } from '../../electron/core/models/modelLibrary';
import { loadModelRegistry } from '../../electron/core/models/registry';
import type { ModelEntry } from '../../shared/schemas/model';
import { temporaryFolder } from '../support/dataFolder';
import { FakeHub } from '../support/fakeHub';
import { ManualClock } from '../support/manualClock';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';

const TINY = 'Xenova/whisper-tiny.en';
const TEXT = 'Pay User Two 120 USDC every Friday';
const skipReason = missingReferenceModels('the transformers.js cache tests', referenceWhisperTiny);
const hub = FakeHub.fromEntries(
  (skipReason
    ? []
    : [
        'config.json',
        'generation_config.json',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ]
  ).map((file) => [`${TINY}/resolve/main/${file}`, join(referenceWhisperTiny, file)]),
);
let hubUrl: string;
const original = { ...env };
const folders: { remove(): void }[] = [];

beforeAll(async () => {
  if (skipReason) return;
  hubUrl = await hub.start();
});
afterEach(() => {
  Object.assign(env, original);
});
afterAll(async () => {
  if (!skipReason) await hub.stop();
  for (const folder of folders) folder.remove();
});

function folder(prefix: string): string {
  const made = temporaryFolder(prefix);
  folders.push(made);
  return made.path;
}

describe.skipIf(skipReason)('transformers.js and our model cache agree', () => {
  it('loads the whisper-tiny.en tokenizer from a hub on loopback when its remote host points there', async () => {
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    env.remoteHost = `${hubUrl}/`;
    env.remotePathTemplate = '{model}/resolve/{revision}/';
    env.useFSCache = true;
    env.cacheDir = folder('arcflux-hf-cache-');
    const tokenizer = await AutoTokenizer.from_pretrained(TINY);
    const requested = hub.requests.map((request) => request.path);
    expect(requested).toContain(`${TINY}/resolve/main/tokenizer.json`);
    expect(requested).toContain(`${TINY}/resolve/main/tokenizer_config.json`);
    const ids = tokenizer.encode(TEXT);
    expect(ids.length).toBeGreaterThan(5);
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(TEXT);
    // transformers.js's own cache uses the same <owner>/<name>/<file> layout as ours.
    expect(existsSync(join(env.cacheDir, 'Xenova', 'whisper-tiny.en', 'tokenizer.json'))).toBe(
      true,
    );
  });

  it('loads offline, from the cache layout our ModelLibrary writes, a model it downloaded', async () => {
    const registered = (await loadModelRegistry()).find((model) => model.id === TINY)!;
    // The registry's checksummed files only: the ONNX weights can't be had here.
    const tokenizerOnly: ModelEntry = {
      ...registered,
      files: registered.files.filter((file) => file.sha256 !== null),
    };
    const cacheDir = folder('arcflux-models-');
    const library = new ModelLibrary([tokenizerOnly], {
      cacheDir,
      hubUrl,
      clock: new ManualClock(),
    });
    expect((await library.download(TINY)).state).toBe('ready');
    const requestsAfterDownload = hub.requests.length;

    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = cacheDir;
    env.useFSCache = false;
    const tokenizer = await AutoTokenizer.from_pretrained(TINY);
    expect(tokenizer.decode(tokenizer.encode(TEXT), { skip_special_tokens: true })).toBe(TEXT);
    expect(hub.requests.length).toBe(requestsAfterDownload);
  });
});
