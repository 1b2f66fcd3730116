#!/usr/bin/python3
"""Writes the tiny random-weight test models ArcFlux's tests and benchmarks run.

    /usr/bin/python3 tools/tiny-models/generate.py [--out DIR] [--whisper-source DIR]

Needs Python 3 with numpy and onnx (Debian: apt-get install python3-numpy python3-onnx;
the interpreter is named explicitly because a pyenv `python3` usually lacks them).

The weights are RANDOM: these models transcribe and answer with garbage. They exist so
that the real transformers.js code (loading, feature extraction, the generation loop, the
key/value cache, decoding) runs in CI where no real weights can be downloaded. Never
present their output as a model's understanding.

Everything is seeded, so a run always writes byte-identical files; `manifest.json` lists
each file's size and sha256, and a test checks the committed files against it (and, where
this script can run, against a fresh run).

Writes, under DIR (default tests/fixtures/models), the transformers.js hub layout:
  arcflux-tests/tiny-random-whisper/  like Xenova/whisper-tiny.en, dtype q8
  arcflux-tests/tiny-random-qwen3/    like onnx-community/Qwen3-0.6B-ONNX, dtype q4
"""

import argparse
import hashlib
import json
import os
import sys

import onnx
from onnx import helper

sys.dont_write_bytecode = True  # keep the checkout free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import qwen3  # noqa: E402
import tokenizer  # noqa: E402
import whisper  # noqa: E402
from graph import OPSET  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = 20260601
WHISPER = "arcflux-tests/tiny-random-whisper"
QWEN = "arcflux-tests/tiny-random-qwen3"
# Files taken unchanged from Xenova/whisper-tiny.en (Apache-2.0): its tokenizer and audio
# settings, so the tiny model uses Whisper's real vocabulary and special-token ids.
WHISPER_COPIED = ["generation_config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "models"))
    parser.add_argument(
        "--whisper-source",
        default=os.path.join(ROOT, "..", "shared", "models", "whisper-tiny.en"),
        help="a folder with whisper-tiny.en's config and tokenizer files (no weights needed)",
    )
    arguments = parser.parse_args()
    written = write_whisper(arguments.out, arguments.whisper_source) + write_qwen(arguments.out)
    manifest = {
        "generator": "tools/tiny-models/generate.py",
        "seed": SEED,
        "note": "Random weights: these models produce garbage text. They test code paths, not understanding.",
        "files": [describe(arguments.out, path) for path in sorted(written)],
    }
    write_json(os.path.join(arguments.out, "arcflux-tests", "manifest.json"), manifest)
    total = sum(entry["size"] for entry in manifest["files"])
    print(f"wrote {len(written)} files, {total / 1e6:.2f} MB, under {arguments.out}")


def write_whisper(out, source):
    folder = os.path.join(out, *WHISPER.split("/"))
    expected = registry_hashes("Xenova/whisper-tiny.en")
    copied = {}
    for name in ["config.json"] + WHISPER_COPIED:
        with open(os.path.join(source, name), "rb") as file:
            data = file.read()
        if hashlib.sha256(data).hexdigest() != expected[name]:
            sys.exit(f"{source}/{name} is not whisper-tiny.en's file (sha256 differs from resources/models.json)")
        copied[name] = data
    written = [write_json(os.path.join(folder, "config.json"), whisper.config(json.loads(copied["config.json"])))]
    for name in WHISPER_COPIED:
        written.append(write_bytes(os.path.join(folder, name), copied[name]))
    written.append(write_model(os.path.join(folder, "onnx", "encoder_model_quantized.onnx"), whisper.encoder(SEED)))
    written.append(
        write_model(os.path.join(folder, "onnx", "decoder_model_merged_quantized.onnx"), whisper.decoder_merged(SEED + 1))
    )
    return written


def write_qwen(out):
    folder = os.path.join(out, *QWEN.split("/"))
    tokenizer_json, tokenizer_config, vocabulary, special = tokenizer.build()
    return [
        write_json(os.path.join(folder, "config.json"), qwen3.config(vocabulary, special)),
        write_json(os.path.join(folder, "generation_config.json"), qwen3.generation_config(special)),
        write_json(os.path.join(folder, "tokenizer.json"), tokenizer_json),
        write_json(os.path.join(folder, "tokenizer_config.json"), tokenizer_config),
        write_model(os.path.join(folder, "onnx", "model_q4.onnx"), qwen3.model(SEED + 2, vocabulary)),
    ]


def write_model(path, graph):
    model = helper.make_model(
        graph,
        producer_name="arcflux tools/tiny-models (random weights)",
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return write_bytes(path, model.SerializeToString())


def write_json(path, value):
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data)
    return path


def describe(out, path):
    with open(path, "rb") as file:
        data = file.read()
    return {
        "path": os.path.relpath(path, out).replace(os.sep, "/"),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def registry_hashes(model_id):
    with open(os.path.join(ROOT, "resources", "models.json"), encoding="utf-8") as file:
        registry = json.load(file)
    entry = next(model for model in registry["models"] if model["id"] == model_id)
    return {item["path"]: item["sha256"] for item in entry["files"] if item["sha256"]}


if __name__ == "__main__":
    main()
