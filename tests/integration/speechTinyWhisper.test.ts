import {
  AutoProcessor,
  env,
  Tensor,
  WhisperForConditionalGeneration,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersSpeechToText } from '../../electron/core/speech/transformersSpeech';
import { lastArgmax, speak, tinyModelsDir, tinyWhisper } from '../support/tinyModels';

// The model here has RANDOM weights (tools/tiny-models): its transcripts are garbage. What
// these tests prove is that the real transformers.js code runs end to end offline.
let audio: Float32Array = new Float32Array(0);

beforeAll(() => {
  audio = speak('Pay User Two 120 USDC every Friday');
});

describe('tiny random-weight Whisper (not a real model): the real transformers.js pipeline runs end to end', () => {
  const engine = new TransformersSpeechToText({
    cacheDir: tinyModelsDir,
    model: tinyWhisper,
    label: 'tiny random-weight Whisper',
    timeoutMs: 90_000,
  });
  afterAll(() => engine.close());

  it('transcribes an espeak-ng WAV in a worker, offline, to the same text twice', async () => {
    expect(audio.length / 16_000).toBeGreaterThan(1);
    const first = await engine.transcribe(audio);
    expect(first).toMatchObject({ engine: 'transformers', model: tinyWhisper });
    expect(typeof first.text).toBe('string');
    // Random weights still decode to tokens: an empty string would mean generation never ran.
    expect(first.text.length).toBeGreaterThan(0);
    expect(first.durationMs).toBeLessThan(90_000);

    const second = await engine.transcribe(audio);
    expect(second.text).toBe(first.text);

    // The audio reaches the decoder (through cross-attention): silence reads differently.
    const silence = await engine.transcribe(new Float32Array(audio.length));
    expect(silence.text).not.toBe(first.text);
  });

  it('gives different audio different input features (the feature extractor is real)', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = tinyModelsDir;
    const processor = await AutoProcessor.from_pretrained(tinyWhisper);
    const spoken = (await processor(audio)).input_features as Tensor;
    const silent = (await processor(new Float32Array(audio.length))).input_features as Tensor;
    expect(spoken.dims).toEqual([1, 80, 3000]);
    expect(Array.from(spoken.data as Float32Array)).not.toEqual(
      Array.from(silent.data as Float32Array),
    );
  });

  it('decodes with the key/value cache exactly as it does recomputing every step without it', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = tinyModelsDir;
    const processor = await AutoProcessor.from_pretrained(tinyWhisper);
    const model = await WhisperForConditionalGeneration.from_pretrained(tinyWhisper, {
      dtype: 'q8',
    });
    try {
      const { input_features } = await processor(audio);
      const steps = 6;
      // Token suppression is switched off (an empty list) so both sides pick the plain argmax.
      const options = { suppress_tokens: [], begin_suppress_tokens: [] };
      const cached = (await model.generate({
        inputs: input_features,
        max_new_tokens: steps,
        ...options,
      })) as Tensor;
      const withCache = (cached.tolist() as bigint[][])[0]!.map(Number);

      const start = withCache.slice(0, 2); // <|startoftranscript|> <|notimestamps|>
      const recomputed = [...start];
      for (let step = 0; step < steps; step += 1) {
        const ids = new Tensor('int64', BigInt64Array.from(recomputed.map(BigInt)), [
          1,
          recomputed.length,
        ]);
        const { logits } = (await model({ input_features, decoder_input_ids: ids })) as {
          logits: Tensor;
        };
        recomputed.push(lastArgmax(logits));
      }
      expect(withCache.length).toBeGreaterThan(start.length + 1);
      // The random model must not be stuck on one token, or this comparison proves little.
      expect(new Set(withCache.slice(start.length)).size).toBeGreaterThan(1);
      expect(withCache).toEqual(recomputed.slice(0, withCache.length));
    } finally {
      await model.dispose();
    }
  });
});
