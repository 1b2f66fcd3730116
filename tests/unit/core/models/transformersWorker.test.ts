import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TransformersWorker } from '../../../../electron/core/models/transformersWorker';
import { temporaryFolder } from '../../../support/dataFolder';

const folder = temporaryFolder('arcflux-worker-');
afterAll(() => folder.remove());

/**
 * PIPELINE TEST DOUBLE standing in for transformers.js inside the real worker thread: it
 * takes `loadMs` to "load", then answers `{ input }` after `input.delayMs`. No model runs.
 */
function slowPipelineDouble(loadMs: number): string {
  const path = join(folder.path, `pipeline-double-${loadMs}.mjs`);
  writeFileSync(
    path,
    `const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const env = {};
export async function pipeline() {
  await wait(${loadMs});
  return async (input) => { await wait(input.delayMs); return { echoed: input.name }; };
}
`,
  );
  return pathToFileURL(path).href;
}

const workers: TransformersWorker[] = [];
function workerWith(loadMs: number): TransformersWorker {
  const worker = new TransformersWorker({
    task: 'text-generation',
    cacheDir: folder.path,
    model: 'owner/double',
    dtype: 'q4',
    label: 'pipeline test double',
    activity: 'The local language model',
    timeoutAdvice: 'Try again.',
    moduleUrl: slowPipelineDouble(loadMs),
  });
  workers.push(worker);
  return worker;
}
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

describe('the transformers worker (pipeline test double in a real worker thread)', () => {
  it("an optional call's timeout abandons only that call; the queued call still answers", async () => {
    const worker = workerWith(0);
    const narrative = worker.run({ name: 'narrative', delayMs: 600 }, {}, 100, { optional: true });
    const parse = worker.run({ name: 'parse', delayMs: 10 }, {}, 300);
    await expect(narrative).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/took longer than 100 ms and was left out/),
    });
    // The parse waited ~600 ms behind the narrative, more than its own 300 ms limit: its
    // time counts from when the worker started it, and the worker was not stopped.
    await expect(parse).resolves.toEqual({ echoed: 'parse' });
  });

  it("a call's time limit starts after the model has loaded", async () => {
    const worker = workerWith(500);
    await expect(worker.run({ name: 'first', delayMs: 10 }, {}, 200)).resolves.toEqual({
      echoed: 'first',
    });
  });

  it('a required call that times out stops the worker and the calls behind it', async () => {
    const worker = workerWith(0);
    const slow = worker.run({ name: 'slow', delayMs: 2000 }, {}, 100);
    const queued = worker.run({ name: 'queued', delayMs: 10 }, {}, 1000);
    await expect(slow).rejects.toThrow(/took longer than 100 ms and was stopped/);
    await expect(queued).rejects.toThrow(/was stopped/);
  });
});
