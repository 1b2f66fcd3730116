import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './dataFolder';

/**
 * `../shared/models` beside the checkout: real model files that can't be committed here
 * (see its README). CI has the folder; a plain `git clone` does not, and there every test
 * that reads it skips, saying why, instead of failing.
 */
export const referenceModelsDir = join(repositoryRoot, '..', 'shared', 'models');
/** Xenova/whisper-tiny.en's config and tokenizer files, without its ONNX weights. */
export const referenceWhisperTiny = join(referenceModelsDir, 'whisper-tiny.en');
/** whisper.cpp's own test model: a real header and vocabulary, no tensors. */
export const referenceGgmlTestModel = join(
  referenceModelsDir,
  'ggml',
  'for-tests-ggml-tiny.en.bin',
);

/**
 * Why `what` can't run in this checkout, printed once, or undefined when every reference
 * file it names is there. Use it for `describe.skipIf` / `it.skipIf`, and to keep module
 * set-up from reading files that aren't there.
 */
export function missingReferenceModels(what: string, ...paths: string[]): string | undefined {
  const missing = (paths.length > 0 ? paths : [referenceModelsDir]).filter(
    (path) => !existsSync(path),
  );
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} absent (the reference model files beside the checkout, see ../shared/models/README.md)`;
  console.warn(`skipped: ${what}: ${reason}`);
  return reason;
}
