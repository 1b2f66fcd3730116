"""A tiny random-weight Whisper in the layout of Xenova/whisper-tiny.en (dtype q8).

Same sessions, input/output names, symbolic dimensions and conventions as the optimum
export transformers.js loads:
  onnx/encoder_model_quantized.onnx
    input_features [batch_size, 80, 3000] -> last_hidden_state [batch_size, 1500, d_model]
  onnx/decoder_model_merged_quantized.onnx
    input_ids, encoder_hidden_states, past_key_values.{i}.{decoder,encoder}.{key,value},
    use_cache_branch -> logits, present.{i}.{decoder,encoder}.{key,value}
The merged decoder computes the cross-attention keys and values from the encoder output on
the first step (use_cache_branch false) and reuses the cached ones afterwards (an If node,
as in optimum's merged export). Positions come from the cached length, as in Whisper.
The vocabulary and tokenizer are whisper-tiny.en's, so ids in the generation config hold.
"""

import numpy as np
from onnx import TensorProto, helper

from graph import Graph, sinusoids

DIMS = {
    "d_model": 16,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 2,
    "decoder_attention_heads": 2,
    "encoder_ffn_dim": 32,
    "decoder_ffn_dim": 32,
}
MELS = 80
SOURCE_POSITIONS = 1500  # 30 s of audio: the pipeline always pads to 3000 mel frames
TARGET_POSITIONS = 448
VOCABULARY = 51864  # whisper-tiny.en's
# Random weights at the usual scale give a degenerate model: near-uniform attention over
# 1500 frames averages the audio away, and one token predicts itself forever. Sharper
# query/key projections and stronger positions make the output depend on the audio, the
# position and the tokens so far, which is what lets the tests catch a broken cache.
SHARP = 4.0
POSITION_SCALE = 1.0


def config(reference):
    """whisper-tiny.en's config.json with the tiny dimensions."""
    tiny = dict(reference)
    tiny.update(DIMS)
    tiny["num_hidden_layers"] = DIMS["encoder_layers"]
    tiny["_name_or_path"] = "arcflux-tests/tiny-random-whisper"
    return tiny


def encoder(seed):
    width, heads = DIMS["d_model"], DIMS["encoder_attention_heads"]
    head_dim = width // heads
    g = Graph(np.random.default_rng(seed))
    conv1 = g.op(
        "Conv",
        ["input_features", g.const(g.random((width, MELS, 3), 0.05)), g.const(g.random((width,), 0.1))],
        pads=[1, 1],
    )
    conv2 = g.op(
        "Conv",
        [g.gelu(conv1), g.const(g.random((width, width, 3), 0.2)), g.const(g.random((width,), 0.1))],
        pads=[1, 1],
        strides=[2],
    )
    frames = g.op("Transpose", [g.gelu(conv2)], perm=[0, 2, 1])  # [batch, 1500, width]
    hidden = g.op("Add", [frames, g.const(sinusoids(SOURCE_POSITIONS, width), "positions")])
    for _ in range(DIMS["encoder_layers"]):
        normed = g.layer_norm(hidden, width)
        query = g.split_heads(g.linear_q8(normed, width, width, gain=SHARP), heads, head_dim)
        key = g.split_heads(g.linear_q8(normed, width, width, bias=False, gain=SHARP), heads, head_dim)
        value = g.split_heads(g.linear_q8(normed, width, width), heads, head_dim)
        attended = g.merge_heads(g.attention(query, key, value, head_dim), width)
        hidden = g.op("Add", [hidden, g.linear_q8(attended, width, width)])
        hidden = g.op("Add", [hidden, feed_forward(g, g.layer_norm(hidden, width), DIMS["encoder_ffn_dim"])])
    g.op("Identity", [g.layer_norm(hidden, width)], outputs=["last_hidden_state"])
    return helper.make_graph(
        g.nodes,
        "tiny-random-whisper-encoder",
        [helper.make_tensor_value_info("input_features", TensorProto.FLOAT, ["batch_size", MELS, 2 * SOURCE_POSITIONS])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", SOURCE_POSITIONS, width])],
        g.initializers,
    )


def decoder_merged(seed):
    width, heads, layers = DIMS["d_model"], DIMS["decoder_attention_heads"], DIMS["decoder_layers"]
    head_dim = width // heads
    g = Graph(np.random.default_rng(seed))

    past = lambda i, side, kind: f"past_key_values.{i}.{side}.{kind}"
    present = lambda i, side, kind: f"present.{i}.{side}.{kind}"

    past_length = g.dim(past(0, "decoder", "key"), 2)
    total_length = g.op("Add", [past_length, g.dim("input_ids", 1)])
    positions = g.op("Range", [past_length, total_length, g.scalar(1, np.int64)])

    # Token embedding tied to the output projection (as in Whisper), stored in int8.
    table = g.const_q8(g.random((VOCABULARY, width), 0.5))
    tokens = g.op("Gather", [g.dequantise(table), "input_ids"], axis=0)
    position_table = g.const(g.random((TARGET_POSITIONS, width), POSITION_SCALE), "embed_positions")
    hidden = g.op("Add", [tokens, g.op("Gather", [position_table, positions], axis=0)])
    causal = g.causal_mask(past_length, total_length)

    # Cross-attention keys and values: computed once, then read back from the cache.
    def cross_from_encoder():
        produced = []
        for _ in range(layers):
            produced.append(
                g.split_heads(g.linear_q8("encoder_hidden_states", width, width, bias=False, gain=SHARP), heads, head_dim)
            )
            produced.append(g.split_heads(g.linear_q8("encoder_hidden_states", width, width), heads, head_dim))
        return produced

    def cross_from_cache():
        return [name for i in range(layers) for name in (past(i, "encoder", "key"), past(i, "encoder", "value"))]

    cross_names = [name for i in range(layers) for name in (present(i, "encoder", "key"), present(i, "encoder", "value"))]
    then_branch = g.subgraph("use_cache", cross_from_cache, [f"{name}.cached" for name in cross_names])
    else_branch = g.subgraph("first_step", cross_from_encoder, [f"{name}.computed" for name in cross_names])
    g.op("If", ["use_cache_branch_scalar"], outputs=cross_names, then_branch=then_branch, else_branch=else_branch)
    g.nodes.insert(0, helper.make_node("Squeeze", ["use_cache_branch"], ["use_cache_branch_scalar"], name="cache_flag"))

    for i in range(layers):
        normed = g.layer_norm(hidden, width)
        query = g.split_heads(g.linear_q8(normed, width, width, gain=SHARP), heads, head_dim)
        new_key = g.split_heads(g.linear_q8(normed, width, width, bias=False, gain=SHARP), heads, head_dim)
        new_value = g.split_heads(g.linear_q8(normed, width, width), heads, head_dim)
        key = g.op("Concat", [past(i, "decoder", "key"), new_key], outputs=[present(i, "decoder", "key")], axis=2)
        value = g.op("Concat", [past(i, "decoder", "value"), new_value], outputs=[present(i, "decoder", "value")], axis=2)
        attended = g.merge_heads(g.attention(query, key, value, head_dim, causal), width)
        hidden = g.op("Add", [hidden, g.linear_q8(attended, width, width)])

        normed = g.layer_norm(hidden, width)
        query = g.split_heads(g.linear_q8(normed, width, width, gain=SHARP), heads, head_dim)
        cross = g.attention(query, present(i, "encoder", "key"), present(i, "encoder", "value"), head_dim)
        hidden = g.op("Add", [hidden, g.linear_q8(g.merge_heads(cross, width), width, width)])
        hidden = g.op("Add", [hidden, feed_forward(g, g.layer_norm(hidden, width), DIMS["decoder_ffn_dim"])])

    # logits = hidden @ embedding^T: the same int8 table, transposed.
    output_table = g.op("Transpose", [g.dequantise(table)], perm=[1, 0])
    g.op("MatMul", [g.layer_norm(hidden, width), output_table], outputs=["logits"])

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
        helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length / 2", width]),
    ]
    for i in range(layers):
        inputs += cache_pair("past_key_values", i, "decoder", heads, "past_decoder_sequence_length", head_dim)
        inputs += cache_pair("past_key_values", i, "encoder", heads, "encoder_sequence_length_out", head_dim)
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", VOCABULARY])]
    for i in range(layers):
        outputs += cache_pair("present", i, "decoder", heads, "past_decoder_sequence_length + 1", head_dim)
        outputs += cache_pair("present", i, "encoder", heads, "encoder_sequence_length_out", head_dim)
    return helper.make_graph(g.nodes, "tiny-random-whisper-decoder-merged", inputs, outputs, g.initializers)


def cache_pair(prefix, layer, side, heads, length, head_dim):
    return [
        helper.make_tensor_value_info(f"{prefix}.{layer}.{side}.{kind}", TensorProto.FLOAT, ["batch_size", heads, length, head_dim])
        for kind in ("key", "value")
    ]


def feed_forward(g, x, inner):
    width = DIMS["d_model"]
    return g.linear_q8(g.gelu(g.linear_q8(x, width, inner)), inner, width)
