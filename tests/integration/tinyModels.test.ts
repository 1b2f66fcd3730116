import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hashFile } from '../../electron/core/models/hubFile';
import { repositoryRoot, temporaryFolder } from '../support/dataFolder';
import { missingReferenceModels, referenceWhisperTiny } from '../support/referenceModels';
import { tinyManifestPath, tinyModelsDir } from '../support/tinyModels';

const manifestSchema = z.object({
  generator: z.literal('tools/tiny-models/generate.py'),
  seed: z.number().int(),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })),
});
const manifest = manifestSchema.parse(JSON.parse(readFileSync(tinyManifestPath, 'utf8')));
const generator = join(repositoryRoot, 'tools', 'tiny-models', 'generate.py');
const output = temporaryFolder('arcflux-tiny-models-');
afterAll(() => output.remove());

describe('the committed tiny random-weight models', () => {
  it('are exactly the files the generator listed in its manifest', async () => {
    const expected = ['config.json', 'onnx/', 'tokenizer.json', 'tokenizer_config.json'];
    for (const model of ['tiny-random-whisper', 'tiny-random-qwen3']) {
      const paths = manifest.files.map((file) => file.path);
      for (const part of expected) {
        expect(paths.some((path) => path.startsWith(`arcflux-tests/${model}/${part}`))).toBe(true);
      }
    }
    for (const file of manifest.files) {
      const actual = await hashFile(join(tinyModelsDir, file.path));
      expect({ path: file.path, ...actual }).toEqual(file);
    }
  });

  it('stay small enough to commit (a few MB)', () => {
    const total = manifest.files.reduce((sum, file) => sum + file.size, 0);
    expect(total).toBeLessThan(5_000_000);
  });

  it('are what the generator writes today, where Python with onnx can run it', async (context) => {
    const python = spawnSync('/usr/bin/python3', ['-c', 'import numpy, onnx'], {
      encoding: 'utf8',
    });
    const pythonProblem =
      python.status !== 0
        ? `/usr/bin/python3 with numpy and onnx is not available (${python.error?.message ?? python.stderr.trim()})`
        : undefined;
    if (pythonProblem) {
      console.warn(`skipped: ${pythonProblem}; the manifest check above still ran`);
    }
    if (
      pythonProblem ??
      missingReferenceModels('regenerating the tiny models', referenceWhisperTiny)
    ) {
      context.skip();
    }
    const run = spawnSync('/usr/bin/python3', [generator, '--out', output.path], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const fresh = manifestSchema.parse(
      JSON.parse(readFileSync(join(output.path, 'arcflux-tests', 'manifest.json'), 'utf8')),
    );
    expect(fresh).toEqual(manifest);
  });
});
