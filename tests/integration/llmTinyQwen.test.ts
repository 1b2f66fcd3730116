import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  pipeline,
  Tensor,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastArgmax, tinyModelsDir, tinyQwen } from '../support/tinyModels';

// The model here has RANDOM weights (tools/tiny-models): what it writes is garbage. What
// these tests prove is that transformers.js's real text-generation code runs offline on a
// Qwen3-shaped model: chat template, tokenizer, q4 weights, generation loop, KV cache.
const messages = [
  { role: 'system', content: 'Answer with JSON only.' },
  { role: 'user', content: 'Pay User Two 120 USDC every Friday' },
];

let generator: TextGenerationPipeline;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = tinyModelsDir;
  generator = (await pipeline('text-generation', tinyQwen, {
    dtype: 'q4',
  })) as TextGenerationPipeline;
});

afterAll(() => generator?.dispose());

describe('tiny random-weight Qwen3 (not a real model): the real transformers.js text-generation pipeline runs end to end', () => {
  it("renders Qwen3's chat format, with thinking switched off on request", () => {
    // Extra options reach the template as variables; transformers.js's types don't list them.
    const options = { tokenize: false, add_generation_prompt: true, enable_thinking: false };
    const prompt = generator.tokenizer.apply_chat_template(messages, options);
    expect(prompt).toBe(
      '<|im_start|>system\nAnswer with JSON only.<|im_end|>\n' +
        '<|im_start|>user\nPay User Two 120 USDC every Friday<|im_end|>\n' +
        '<|im_start|>assistant\n<think>\n\n</think>\n\n',
    );
  });

  it('generates from a chat offline, the same text twice, one token at a time through the cache', async () => {
    const options = { max_new_tokens: 12, do_sample: false };
    const first = await generator(messages, options);
    const second = await generator(messages, options);
    const reply = lastMessage(first);
    expect(reply.role).toBe('assistant');
    expect(typeof reply.content).toBe('string');
    expect(reply.content.length).toBeGreaterThan(0);
    expect(lastMessage(second).content).toBe(reply.content);

    const prompt = generator.tokenizer.apply_chat_template(messages, {
      add_generation_prompt: true,
      return_dict: true,
    }) as { input_ids: Tensor; attention_mask: Tensor };
    const sequences = (await generator.model.generate({ ...prompt, ...options })) as Tensor;
    // More than one new token means the loop fed the cache back at least once.
    const generated = sequences.dims[1]! - prompt.input_ids.dims[1]!;
    expect(generated).toBeGreaterThan(1);
    expect(generated).toBeLessThanOrEqual(options.max_new_tokens);
  });

  it('decodes with the key/value cache exactly as it does recomputing every step without it', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(tinyQwen);
    const model = await AutoModelForCausalLM.from_pretrained(tinyQwen, { dtype: 'q4' });
    try {
      const prompt = tokenizer.apply_chat_template(messages, {
        add_generation_prompt: true,
        return_dict: true,
      }) as { input_ids: Tensor; attention_mask: Tensor };
      const steps = 8;
      const cached = (await model.generate({
        ...prompt,
        max_new_tokens: steps,
        min_new_tokens: steps,
        do_sample: false,
      })) as Tensor;
      const withCache = (cached.tolist() as bigint[][])[0]!.map(Number);

      const recomputed = (prompt.input_ids.tolist() as bigint[][])[0]!.map(Number);
      const promptLength = recomputed.length;
      for (let step = 0; step < steps; step += 1) {
        const ids = BigInt64Array.from(recomputed.map(BigInt));
        const { logits } = (await model({
          input_ids: new Tensor('int64', ids, [1, ids.length]),
          attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [
            1,
            ids.length,
          ]),
        })) as { logits: Tensor };
        recomputed.push(lastArgmax(logits));
      }
      expect(withCache.length).toBe(promptLength + steps);
      // The random model must not be stuck on one token, or this comparison proves little.
      expect(new Set(withCache.slice(promptLength)).size).toBeGreaterThan(1);
      expect(withCache).toEqual(recomputed);
    } finally {
      await model.dispose();
    }
  });
});

function lastMessage(output: unknown): { role: string; content: string } {
  const [first] = output as [{ generated_text: { role: string; content: string }[] }];
  return first.generated_text.at(-1)!;
}
