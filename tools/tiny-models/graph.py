"""A small ONNX graph builder with the layers the tiny models share.

Weights come from one seeded numpy generator, so the same seed always gives byte-identical
files. Linear layers are stored quantised the way the real exports are, because that is
what transformers.js asks for (dtype q8 -> `*_quantized.onnx`, q4 -> `*_q4.onnx`):
  - q8: int8 weights with one scale each, dequantised for a float MatMul. Xenova's
    `*_quantized.onnx` files also quantise activations on the fly (DynamicQuantizeLinear +
    MatMulInteger); that makes a step's result depend on the other rows in the batch, so a
    cached step and a recomputed one differ, and a test could no longer tell a broken
    key/value cache from rounding. Weight-only int8 keeps the files small and exact;
  - q4: the `com.microsoft.MatMulNBits` contrib operator with 4-bit blocks, as in
    onnx-community's `model_q4.onnx` files.
"""

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # LayerNormalization needs 17; Debian's onnx 1.12 knows up to 17.
Q4_BLOCK = 16  # MatMulNBits block size (a power of two, at least 16).
NEGATIVE = -1e9  # added to masked attention scores; finite so softmax never sees NaN


class Graph:
    """Collects nodes and initializers; every helper returns the name of its output."""

    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.initializers = []
        self._count = 0
        self._scopes = []

    # ---- plumbing -------------------------------------------------------------------------

    def name(self, hint):
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, array, hint="const"):
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, outputs=1, domain=None, hint=None, **attributes):
        names = (
            [self.name(hint or op_type.lower()) for _ in range(outputs)]
            if isinstance(outputs, int)
            else list(outputs)
        )
        node = helper.make_node(
            op_type, inputs, names, name=self.name(f"node_{op_type}"), domain=domain, **attributes
        )
        (self._scopes[-1] if self._scopes else self.nodes).append(node)
        return names[0] if len(names) == 1 else names

    def subgraph(self, name, build, outputs):
        """Builds an If branch: `build()` returns output names; they get renamed to `outputs`."""
        self._scopes.append([])
        produced = build()
        nodes = self._scopes.pop()
        for source, target in zip(produced, outputs):
            nodes.append(helper.make_node("Identity", [source], [target], name=self.name("branch_out")))
        values = [helper.make_tensor_value_info(output, TensorProto.FLOAT, None) for output in outputs]
        return helper.make_graph(nodes, name, [], values)

    def random(self, shape, scale=0.5):
        return (self.rng.standard_normal(shape) * scale).astype(np.float32)

    def ints(self, values):
        return self.const(np.array(values, dtype=np.int64), "ints")

    def scalar(self, value, dtype=np.float32):
        return self.const(np.array(value, dtype=dtype), "scalar")

    # ---- shapes ---------------------------------------------------------------------------

    def dim(self, tensor, axis):
        """One dimension of a tensor as an int64 scalar."""
        shape = self.op("Shape", [tensor])
        return self.op("Gather", [shape, self.scalar(axis, np.int64)], axis=0)

    def split_heads(self, x, heads, head_dim):
        """[batch, time, heads * head_dim] -> [batch, heads, time, head_dim]."""
        reshaped = self.op("Reshape", [x, self.ints([0, 0, heads, head_dim])])
        return self.op("Transpose", [reshaped], perm=[0, 2, 1, 3])

    def merge_heads(self, x, width):
        """[batch, heads, time, head_dim] -> [batch, time, width]."""
        transposed = self.op("Transpose", [x], perm=[0, 2, 1, 3])
        return self.op("Reshape", [transposed, self.ints([0, 0, width])])

    # ---- layers ---------------------------------------------------------------------------

    def linear_q8(self, x, fan_in, fan_out, bias=True, gain=1.0):
        """x @ W (+ b) with W stored in int8 and dequantised for a float MatMul."""
        weight = self.random((fan_in, fan_out), gain / np.sqrt(fan_in))
        y = self.op("MatMul", [x, self.dequantise(self.const_q8(weight))])
        return self.op("Add", [y, self.const(self.random((fan_out,), 0.1), "bias")]) if bias else y

    def const_q8(self, weight):
        """Stores a float matrix as int8 with one scale; returns (values, scale) names."""
        scale = np.float32(np.abs(weight).max() / 127.0)
        values = np.clip(np.round(weight / scale), -127, 127).astype(np.int8)
        return self.const(values, "weight_q8"), self.const(np.array(scale, np.float32), "scale_q8")

    def dequantise(self, quantised):
        # Cast and Mul rather than DequantizeLinear: ONNX Runtime rewrites DequantizeLinear ->
        # MatMul into MatMulNBits and fails on weights used inside an If branch.
        values, scale = quantised
        return self.op("Mul", [self.op("Cast", [values], to=TensorProto.FLOAT), scale])

    def linear_q4(self, x, fan_in, fan_out, weight=None):
        """x @ W with W packed in 4-bit blocks (MatMulNBits, symmetric: zero point 8)."""
        weight = self.random((fan_in, fan_out), 1 / np.sqrt(fan_in)) if weight is None else weight
        blocks = fan_in // Q4_BLOCK
        # MatMulNBits stores W transposed: for each output column, its K values in blocks.
        columns = weight.T.reshape(fan_out, blocks, Q4_BLOCK)
        scales = (np.abs(columns).max(axis=2) / 7.0).astype(np.float32)
        scales[scales == 0] = 1.0
        values = np.clip(np.round(columns / scales[:, :, None]) + 8, 0, 15).astype(np.uint8)
        packed = (values[:, :, 0::2] | (values[:, :, 1::2] << 4)).astype(np.uint8)
        return self.op(
            "MatMulNBits",
            [x, self.const(packed, "weight_q4"), self.const(scales, "scales_q4")],
            domain="com.microsoft",
            K=fan_in,
            N=fan_out,
            bits=4,
            block_size=Q4_BLOCK,
        )

    def layer_norm(self, x, width):
        scale = self.const((1 + self.random((width,), 0.1)).astype(np.float32), "ln_scale")
        bias = self.const(self.random((width,), 0.1), "ln_bias")
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=1e-5)

    def rms_norm(self, x, width, epsilon, gain=1.0):
        squared = self.op("Mul", [x, x])
        mean = self.op("ReduceMean", [squared], axes=[-1], keepdims=1)
        root = self.op("Sqrt", [self.op("Add", [mean, self.scalar(epsilon)])])
        weight = self.const((gain * (1 + self.random((width,), 0.1))).astype(np.float32), "rms_scale")
        return self.op("Mul", [self.op("Div", [x, root]), weight])

    def gelu(self, x):
        """The exact (erf) GELU Whisper uses; the Gelu operator only exists from opset 20."""
        inner = self.op("Erf", [self.op("Mul", [x, self.scalar(1 / np.sqrt(2))])])
        half = self.op("Mul", [x, self.scalar(0.5)])
        return self.op("Mul", [half, self.op("Add", [inner, self.scalar(1.0)])])

    def silu(self, x):
        return self.op("Mul", [x, self.op("Sigmoid", [x])])

    def attention(self, query, key, value, head_dim, mask=None):
        """Scaled dot-product attention over [batch, heads, time, head_dim] tensors."""
        scores = self.op("MatMul", [query, self.op("Transpose", [key], perm=[0, 1, 3, 2])])
        scores = self.op("Mul", [scores, self.scalar(1 / np.sqrt(head_dim))])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        return self.op("MatMul", [self.op("Softmax", [scores], axis=-1), value])

    def causal_mask(self, past_length, total_length, padding=None):
        """0 where a query may look, NEGATIVE where it may not: later tokens and padding.

        Query i sits at absolute position past_length + i and sees keys 0..past_length + i.
        """
        one = self.scalar(1, np.int64)
        queries = self.op("Range", [past_length, total_length, one])
        keys = self.op("Range", [self.scalar(0, np.int64), total_length, one])
        later = self.op(
            "Greater",
            [self.op("Unsqueeze", [keys, self.ints([0])]), self.op("Unsqueeze", [queries, self.ints([1])])],
        )
        hidden = self.op("Unsqueeze", [later, self.ints([0, 1])])  # [1, 1, queries, keys]
        if padding is not None:
            # attention_mask [batch, keys]: 0 marks padding -> [batch, 1, 1, keys]
            padded = self.op("Equal", [padding, self.scalar(0, np.int64)])
            hidden = self.op("Or", [hidden, self.op("Unsqueeze", [padded, self.ints([1, 2])])])
        return self.op("Where", [hidden, self.scalar(NEGATIVE), self.scalar(0.0)])


def sinusoids(length, channels):
    """Whisper's fixed sinusoidal position table for the encoder."""
    increment = np.log(10000) / (channels // 2 - 1)
    inverse = np.exp(-increment * np.arange(channels // 2))
    scaled = np.arange(length)[:, None] * inverse[None, :]
    return np.concatenate([np.sin(scaled), np.cos(scaled)], axis=1).astype(np.float32)
