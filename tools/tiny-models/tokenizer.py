"""A small byte-level BPE tokenizer in Qwen2/Qwen3's tokenizer.json format.

256 byte tokens (GPT-2's byte-to-character table, so any text round-trips), merges learnt
deterministically from a few payment commands, and Qwen3's chat special tokens. Together
with the chat template below, `apply_chat_template` renders prompts the way Qwen3's does.
"""

from collections import Counter

MERGES = 200
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>"]
# Qwen2/Qwen3's pre-tokenizer pattern.
PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)
CORPUS = """
Pay User Two 120 USDC every Friday. Send 50 EURC to User Three tomorrow at 9am.
How much did I pay User Two last month? Cancel the payment to User Three.
Pay Bob 20 USDC. Transfer 1000 USDC to Alice on the first of every month.
You are ArcFlux's assistant. Answer with JSON only: {"kind": "payment", "amount": "120"}.
<|im_start|>system
<|im_start|>user
<|im_start|>assistant
"""

# Qwen3's template for plain messages (no tools), including its switch for thinking.
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}"
    "{{- '<think>\\n\\n</think>\\n\\n' }}"
    "{%- endif %}"
    "{%- endif %}"
)


def byte_characters():
    """GPT-2's reversible map from bytes to printable characters."""
    visible = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    characters = visible[:]
    extra = 0
    for byte in range(256):
        if byte not in visible:
            visible.append(byte)
            characters.append(256 + extra)
            extra += 1
    return {byte: chr(character) for byte, character in zip(visible, characters)}


def learn_merges(count):
    table = byte_characters()
    # Words keep their leading space, as the pre-tokenizer's pattern does.
    words = Counter()
    for line in CORPUS.split("\n"):
        for index, word in enumerate(line.split(" ")):
            if word:
                text = (" " if index else "") + word
                words[tuple(table[byte] for byte in text.encode("utf-8"))] += 1
    merges = []
    for _ in range(count):
        pairs = Counter()
        for word, frequency in words.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += frequency
        if not pairs:
            break
        # Most frequent first; ties broken by the pair itself so the result never varies.
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        merged = Counter()
        for word, frequency in words.items():
            out, index = [], 0
            while index < len(word):
                if index + 1 < len(word) and (word[index], word[index + 1]) == best:
                    out.append(word[index] + word[index + 1])
                    index += 2
                else:
                    out.append(word[index])
                    index += 1
            merged[tuple(out)] += frequency
        words = merged
    return merges


def build():
    """Returns (tokenizer.json, tokenizer_config.json, vocabulary size, special token ids)."""
    table = byte_characters()
    vocab = {table[byte]: byte for byte in range(256)}
    merges = learn_merges(MERGES)
    for left, right in merges:
        vocab.setdefault(left + right, len(vocab))
    special = {token: len(vocab) + index for index, token in enumerate(SPECIAL)}
    added = [
        {"id": special[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": token not in ("<think>", "</think>")}
        for token in SPECIAL
    ]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": PATTERN}, "behavior": "Isolated", "invert": False},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            ],
        },
        "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [[left, right] for left, right in merges],
        },
    }
    tokenizer_config = {
        "add_bos_token": False,
        "add_prefix_space": False,
        "bos_token": None,
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 40960,
        "pad_token": "<|endoftext|>",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }
    return tokenizer, tokenizer_config, len(vocab) + len(SPECIAL), special
