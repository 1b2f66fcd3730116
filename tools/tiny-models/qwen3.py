"""A tiny random-weight Qwen3 in the layout of onnx-community/Qwen3-0.6B-ONNX (dtype q4).

One session, onnx/model_q4.onnx, with the decoder-only inputs and outputs transformers.js
feeds a causal LM with a key/value cache:
  input_ids [batch_size, sequence_length], attention_mask [batch_size, total_sequence_length],
  position_ids [batch_size, sequence_length],
  past_key_values.{i}.{key,value} [batch_size, num_key_value_heads, past_sequence_length, head_dim]
  -> logits [batch_size, sequence_length, vocab_size], present.{i}.{key,value}
Inside, the Qwen3 block: RMSNorm, q/k/v projections with per-head q_norm/k_norm, rotary
positions from position_ids, grouped-query attention (fewer key/value heads than query
heads) under a causal and padding mask, SwiGLU MLP, tied embeddings.
"""

import numpy as np
from onnx import TensorProto, helper

from graph import Graph

DIMS = {
    "hidden_size": 32,
    "head_dim": 16,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "num_hidden_layers": 2,
    "intermediate_size": 64,
}
RMS_EPSILON = 1e-6
ROPE_THETA = 1_000_000.0
# Random weights at the usual scale give near-uniform attention, and the model repeats one
# token whatever it is asked. Larger q_norm/k_norm scales sharpen attention so the output
# depends on the prompt and the tokens so far, which lets the tests catch a broken cache.
SHARP = 3.0


def config(vocabulary, special):
    """Qwen3-0.6B's config.json fields, with the tiny dimensions."""
    return {
        "_name_or_path": "arcflux-tests/tiny-random-qwen3",
        "architectures": ["Qwen3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": special["<|endoftext|>"],
        "eos_token_id": special["<|im_end|>"],
        "hidden_act": "silu",
        **DIMS,
        "initializer_range": 0.02,
        "max_position_embeddings": 40960,
        "max_window_layers": DIMS["num_hidden_layers"],
        "model_type": "qwen3",
        "rms_norm_eps": RMS_EPSILON,
        "rope_scaling": None,
        "rope_theta": ROPE_THETA,
        "sliding_window": None,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": vocabulary,
    }


def generation_config(special):
    """Qwen3's own sampling defaults: callers that need the same answer twice must pass
    do_sample: false, exactly as with the real model."""
    return {
        "bos_token_id": special["<|endoftext|>"],
        "do_sample": True,
        "eos_token_id": [special["<|im_end|>"], special["<|endoftext|>"]],
        "pad_token_id": special["<|endoftext|>"],
        "temperature": 0.6,
        "top_k": 20,
        "top_p": 0.95,
    }


def model(seed, vocabulary):
    width, head_dim = DIMS["hidden_size"], DIMS["head_dim"]
    heads, kv_heads, layers = DIMS["num_attention_heads"], DIMS["num_key_value_heads"], DIMS["num_hidden_layers"]
    g = Graph(np.random.default_rng(seed))

    past_length = g.dim("past_key_values.0.key", 2)
    total_length = g.dim("attention_mask", 1)
    mask = g.causal_mask(past_length, total_length, padding="attention_mask")
    cos, sin = rotary(g, head_dim)

    embedding = g.random((vocabulary, width), 0.5)
    hidden = g.op("Gather", [g.const(embedding, "embed_tokens"), "input_ids"], axis=0)
    for i in range(layers):
        normed = g.rms_norm(hidden, width, RMS_EPSILON)
        query = project_heads(g, normed, heads, head_dim, cos, sin)
        key = project_heads(g, normed, kv_heads, head_dim, cos, sin)
        value = g.split_heads(g.linear_q4(normed, width, kv_heads * head_dim), kv_heads, head_dim)
        key = g.op("Concat", [f"past_key_values.{i}.key", key], outputs=[f"present.{i}.key"], axis=2)
        value = g.op("Concat", [f"past_key_values.{i}.value", value], outputs=[f"present.{i}.value"], axis=2)
        repeat = heads // kv_heads
        attended = g.attention(query, repeat_heads(g, key, repeat, heads, head_dim), repeat_heads(g, value, repeat, heads, head_dim), head_dim, mask)
        hidden = g.op("Add", [hidden, g.linear_q4(g.merge_heads(attended, heads * head_dim), heads * head_dim, width)])

        normed = g.rms_norm(hidden, width, RMS_EPSILON)
        inner = DIMS["intermediate_size"]
        gate = g.silu(g.linear_q4(normed, width, inner))
        up = g.linear_q4(normed, width, inner)
        hidden = g.op("Add", [hidden, g.linear_q4(g.op("Mul", [gate, up]), inner, width)])

    # Tied embeddings: the output projection is the embedding table, in 4-bit blocks.
    normed = g.rms_norm(hidden, width, RMS_EPSILON)
    logits = g.linear_q4(normed, width, vocabulary, weight=np.ascontiguousarray(embedding.T))
    g.op("Identity", [logits], outputs=["logits"])

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", vocabulary])]
    for i in range(layers):
        for kind in ("key", "value"):
            inputs.append(
                helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", TensorProto.FLOAT, ["batch_size", kv_heads, "past_sequence_length", head_dim])
            )
            outputs.append(
                helper.make_tensor_value_info(f"present.{i}.{kind}", TensorProto.FLOAT, ["batch_size", kv_heads, "total_sequence_length", head_dim])
            )
    return helper.make_graph(g.nodes, "tiny-random-qwen3", inputs, outputs, g.initializers)


def rotary(g, head_dim):
    """cos and sin of position * inverse frequency, [batch, 1, time, head_dim]."""
    inverse = (1.0 / ROPE_THETA ** (np.arange(0, head_dim, 2) / head_dim)).astype(np.float32)
    positions = g.op("Unsqueeze", [g.op("Cast", ["position_ids"], to=TensorProto.FLOAT), g.ints([2])])
    angles = g.op("Mul", [positions, g.const(inverse, "inverse_frequency")])  # [batch, time, head_dim / 2]
    angles = g.op("Unsqueeze", [g.op("Concat", [angles, angles], axis=-1), g.ints([1])])
    return g.op("Cos", [angles]), g.op("Sin", [angles])


def project_heads(g, x, heads, head_dim, cos, sin):
    """Projection, Qwen3's per-head RMSNorm, then rotary positions: [batch, heads, time, head_dim]."""
    projected = g.linear_q4(x, DIMS["hidden_size"], heads * head_dim)
    per_head = g.op("Reshape", [projected, g.ints([0, 0, heads, head_dim])])
    normed = g.rms_norm(per_head, head_dim, RMS_EPSILON, gain=SHARP)
    normed = g.op("Transpose", [normed], perm=[0, 2, 1, 3])
    first, second = g.op("Split", [normed], outputs=2, axis=-1)
    rotated = g.op("Concat", [g.op("Neg", [second]), first], axis=-1)
    return g.op("Add", [g.op("Mul", [normed, cos]), g.op("Mul", [rotated, sin])])


def repeat_heads(g, x, repeat, heads, head_dim):
    """Grouped-query attention: each key/value head serves `repeat` query heads."""
    if repeat == 1:
        return x
    widened = g.op("Expand", [g.op("Unsqueeze", [x, g.ints([2])]), g.ints([1, 1, repeat, 1, 1])])
    return g.op("Reshape", [widened, g.ints([0, heads, -1, head_dim])])
