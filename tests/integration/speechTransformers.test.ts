import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { TransformersSpeechToText } from '../../electron/core/speech/transformersSpeech';
import {
  missingReferenceModels,
  referenceModelsDir,
  referenceWhisperTiny,
} from '../support/referenceModels';

const skipReason = missingReferenceModels(
  'transformers.js Whisper against the offline model files',
  referenceWhisperTiny,
);

describe.skipIf(skipReason)('transformers.js Whisper against the offline model files', () => {
  const engine = new TransformersSpeechToText({
    cacheDir: referenceModelsDir,
    model: 'whisper-tiny.en',
    label: 'Whisper tiny (English)',
    timeoutMs: 60_000,
  });
  afterAll(() => engine.close());

  it('round-trips text through the whisper-tiny.en tokenizer without the network', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = referenceModelsDir;
    const tokenizer = await AutoTokenizer.from_pretrained('whisper-tiny.en');
    const text = 'Pay User Two 120 USDC every Friday';
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeGreaterThan(5);
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(text);
  });

  it('fails with our "not installed" message when the ONNX weights are missing', async () => {
    const audio = new Float32Array(16_000);
    await expect(engine.transcribe(audio)).rejects.toMatchObject({
      name: 'CoreError',
      code: 'unavailable',
      message: expect.stringMatching(
        // The file's name only: the folders it lives in are nobody's business on screen.
        /^Whisper tiny \(English\) is not installed: encoder_model_quantized\.onnx is missing\. Download it in Settings > Models, or install it from a folder\.$/,
      ),
    });
  });

  it('keeps failing cleanly on a second call (the worker survives)', async () => {
    await expect(engine.transcribe(new Float32Array(100))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it("doesn't count the model's load against the transcription's time limit", async () => {
    // The load fails (no weights) long after 1 ms: that failure is the answer, not a
    // timeout (timeouts themselves are tested with a pipeline double, transformersWorker.test).
    const slow = new TransformersSpeechToText({
      cacheDir: referenceModelsDir,
      model: 'whisper-tiny.en',
      label: 'Whisper tiny (English)',
      timeoutMs: 1,
    });
    await expect(slow.transcribe(new Float32Array(16_000))).rejects.toThrow(
      /^Whisper tiny \(English\) is not installed: /,
    );
    await slow.close();
  });
});
