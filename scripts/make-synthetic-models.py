#!/usr/bin/env python3
"""Tiny synthetic GGUFs of the architectures with no real file here, and their
reference logits from llama.cpp (through llama-cpp-python built from source).

Each model has random weights, small dimensions (64 wide, 2 layers, 4 query
heads over 2 key/value heads, a 258-token byte-level vocabulary) and the
architecture's exact tensor names and metadata, as llama.cpp's converters
write them:

  qwen3    per-head RMSNorm of Q and K, no QKV bias, tied output head
  phi3     fused attn_qkv, fused gate|up, LongRoPE factors and attention factor
  llama3   Llama 3.1 RoPE frequency factors (rope_freqs) plus linear scaling
  mistral  the llama architecture with attention.sliding_window set

For every model and case it records the prompt (token ids), every logit after
it, a greedy continuation with its top-1/top-2 margins, and the same from
llama.cpp's flash-attention path (its self-disagreement sets the tolerance).

llama.cpp ignores `attention.sliding_window` for the llama architecture, so for
Mistral's window the reference is this script's own NumPy forward pass: it is
first checked against llama.cpp on the same weights with a window longer than
the sequence (their disagreement is recorded), then run with the real window.

The GGUFs are not committed: the weights come from a fixed seed, so this script
rebuilds them byte for byte. `--models-only` (run by `make test` and `make demo`, needs
only numpy and gguf) writes them into models/synthetic/ and checks them against the
committed Tests/InferenceTests/Fixtures/synthetic/models.sha256. Without it the script
also runs llama.cpp and rewrites the fixtures <name>.json and models.sha256:
    ~/.cache/apiary/venv/bin/python scripts/make-synthetic-models.py
It also writes two files Apiary must refuse (refused-*.gguf: YaRN scaling, a tensor it
does not use).
"""
import hashlib
import json
import os
import sys

import gguf
import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "synthetic")
MODELS_OUT = os.path.join(ROOT, "models", "synthetic")
MANIFEST = os.path.join(OUT, "models.sha256")

EMBD, LAYERS, HEADS, KV_HEADS, FF = 64, 2, 4, 2, 128
HEAD_DIM = EMBD // HEADS
EPS = 1e-5
GREEDY = 24
PROMPT_LENGTHS = [5, 23, 61]


def byte_vocabulary():
    """GPT-2's byte-to-unicode table: 256 byte tokens, then BOS and EOS."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    table = dict(zip(printable, codes))
    tokens = [chr(table[b]) for b in range(256)] + ["<s>", "</s>"]
    types = [gguf.TokenType.NORMAL] * 256 + [gguf.TokenType.CONTROL] * 2
    return tokens, types


def write_model(path, arch, rng, *, tied=False, fused=False, qk_norm=False, qkv_bias=False,
                rope_freqs=None, long_short=None, extra_kv=None, float_weights=False, extra_tensor=None):
    """Writes one synthetic GGUF; returns its tensors (dequantized) for the NumPy reference."""
    tokens, types = byte_vocabulary()
    vocab = len(tokens)
    w = gguf.GGUFWriter(path, arch)
    w.add_name("tiny synthetic model")  # a name with "phi3" in it makes llama.cpp expect Phi-3 special tokens
    w.add_context_length(1024)
    w.add_embedding_length(EMBD)
    w.add_block_count(LAYERS)
    w.add_feed_forward_length(FF)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_layer_norm_rms_eps(EPS)
    w.add_rope_freq_base(10000.0)
    w.add_rope_dimension_count(HEAD_DIM)
    for key, (kind, value) in (extra_kv or {}).items():
        getattr(w, {"f": "add_float32", "u": "add_uint32", "s": "add_string"}[kind])(f"{arch}.{key}", value)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(["Ġ t", "h e"])
    w.add_bos_token_id(256)
    w.add_eos_token_id(257)
    w.add_add_bos_token(False)

    tensors = {}

    def add(name, array, quantize=True):
        array = array.astype(np.float32)
        if quantize and not float_weights and array.ndim == 2:
            q = gguf.quants.quantize(array, gguf.GGMLQuantizationType.Q8_0)
            w.add_tensor(name, q, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
            array = gguf.quants.dequantize(q, gguf.GGMLQuantizationType.Q8_0).reshape(array.shape)
        else:
            w.add_tensor(name, array)
        tensors[name] = array.astype(np.float64)

    def matrix(rows, cols, scale=None):
        return rng.normal(0, scale or 1 / np.sqrt(cols), size=(rows, cols))

    def norm(n):
        return 1 + 0.1 * rng.normal(size=n)

    kv = KV_HEADS * HEAD_DIM
    add("token_embd.weight", rng.normal(0, 1, size=(vocab, EMBD)), quantize=False)
    add("output_norm.weight", norm(EMBD))
    if not tied:
        add("output.weight", matrix(vocab, EMBD))
    if rope_freqs is not None:
        add("rope_freqs.weight", rope_freqs)
    if long_short is not None:
        add("rope_factors_long.weight", long_short[0])
        add("rope_factors_short.weight", long_short[1])
    for i in range(LAYERS):
        b = f"blk.{i}."
        add(b + "attn_norm.weight", norm(EMBD))
        if fused:
            add(b + "attn_qkv.weight", matrix(EMBD + 2 * kv, EMBD))
        else:
            add(b + "attn_q.weight", matrix(EMBD, EMBD))
            add(b + "attn_k.weight", matrix(kv, EMBD))
            add(b + "attn_v.weight", matrix(kv, EMBD))
        if qkv_bias:
            add(b + "attn_q.bias", 0.5 * rng.normal(size=EMBD))
            add(b + "attn_k.bias", 0.5 * rng.normal(size=kv))
            add(b + "attn_v.bias", 0.5 * rng.normal(size=kv))
        if qk_norm:
            add(b + "attn_q_norm.weight", norm(HEAD_DIM))
            add(b + "attn_k_norm.weight", norm(HEAD_DIM))
        add(b + "attn_output.weight", matrix(EMBD, EMBD))
        add(b + "ffn_norm.weight", norm(EMBD))
        if fused:
            add(b + "ffn_up.weight", matrix(2 * FF, EMBD))
        else:
            add(b + "ffn_gate.weight", matrix(FF, EMBD))
            add(b + "ffn_up.weight", matrix(FF, EMBD))
        add(b + "ffn_down.weight", matrix(EMBD, FF))
    if extra_tensor:
        add(extra_tensor, np.ones(EMBD))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return tensors


def numpy_forward(t, tokens, window):
    """The llama architecture in float64 (interleaved RoPE, GQA, SwiGLU) with a
    sliding window of `window` positions: logits of every position."""
    x = t["token_embd.weight"][tokens]
    n = len(tokens)
    pos = np.arange(n)
    inv = 10000.0 ** (-np.arange(0, HEAD_DIM, 2) / HEAD_DIM)
    ang = pos[:, None] * inv[None, :]
    cos, sin = np.cos(ang), np.sin(ang)

    def rms(v, weight):
        return v / np.sqrt((v * v).mean(-1, keepdims=True) + EPS) * weight

    def rope(v):  # (n, heads, head_dim), pairs (2i, 2i+1)
        a, b = v[..., 0::2], v[..., 1::2]
        out = np.empty_like(v)
        out[..., 0::2] = a * cos[:, None, :] - b * sin[:, None, :]
        out[..., 1::2] = a * sin[:, None, :] + b * cos[:, None, :]
        return out

    mask = np.full((n, n), -np.inf)
    for i in range(n):
        mask[i, max(0, i - window + 1):i + 1] = 0
    for i in range(LAYERS):
        b = f"blk.{i}."
        h = rms(x, t[b + "attn_norm.weight"])
        q = rope((h @ t[b + "attn_q.weight"].T).reshape(n, HEADS, HEAD_DIM))
        k = rope((h @ t[b + "attn_k.weight"].T).reshape(n, KV_HEADS, HEAD_DIM))
        v = (h @ t[b + "attn_v.weight"].T).reshape(n, KV_HEADS, HEAD_DIM)
        group = HEADS // KV_HEADS
        out = np.empty((n, HEADS, HEAD_DIM))
        for head in range(HEADS):
            scores = q[:, head] @ k[:, head // group].T / np.sqrt(HEAD_DIM) + mask
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            out[:, head] = (scores / scores.sum(-1, keepdims=True)) @ v[:, head // group]
        x = x + out.reshape(n, EMBD) @ t[b + "attn_output.weight"].T
        h = rms(x, t[b + "ffn_norm.weight"])
        gate = h @ t[b + "ffn_gate.weight"].T
        x = x + ((gate / (1 + np.exp(-gate))) * (h @ t[b + "ffn_up.weight"].T)) @ t[b + "ffn_down.weight"].T
    return rms(x, t["output_norm.weight"]) @ t["output.weight"].T


def llama_run(llm, tokens):
    llm.reset()
    llm.eval(tokens)
    first = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float64)
    logits, greedy, margins = first, [], []
    for _ in range(GREEDY):
        nxt = int(np.argmax(logits))
        top2 = np.sort(logits)[-2:]
        margins.append(float(top2[1] - top2[0]))
        greedy.append(nxt)
        llm.eval([nxt])
        logits = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float64)
    return first, greedy, margins


def numpy_run(tensors, tokens, window):
    seq = list(tokens)
    first = None
    greedy, margins = [], []
    for _ in range(GREEDY + 1):
        logits = numpy_forward(tensors, seq, window)[-1]
        if first is None:
            first = logits
        if len(greedy) == GREEDY:
            break
        nxt = int(np.argmax(logits))
        top2 = np.sort(logits)[-2:]
        margins.append(float(top2[1] - top2[0]))
        greedy.append(nxt)
        seq.append(nxt)
    return first, greedy, margins


def cases_from_llama(path, prompts, n_ctx):
    import llama_cpp  # only when making references: --models-only runs without llama.cpp
    kwargs = dict(model_path=path, n_ctx=n_ctx, n_threads=2, n_batch=512, logits_all=True, verbose=False)
    llm = llama_cpp.Llama(flash_attn=False, **kwargs)
    alt = llama_cpp.Llama(flash_attn=True, **kwargs)
    cases = []
    for tokens in prompts:
        logits, greedy, margins = llama_run(llm, tokens)
        alt_logits, alt_greedy, _ = llama_run(alt, tokens)
        cases.append({"context": n_ctx, "tokens": tokens, "logits": logits.tolist(), "greedy": greedy,
                      "greedy_margins": margins, "alt_logits": alt_logits.tolist(), "alt_greedy": alt_greedy})
    return cases


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    models_only = sys.argv[1:] == ["--models-only"]
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(MODELS_OUT, exist_ok=True)
    rng = np.random.default_rng(20261202)
    prompts = [rng.integers(0, 256, size=n).tolist() for n in PROMPT_LENGTHS]
    half = HEAD_DIM // 2
    models = {
        "qwen3": dict(arch="qwen3", tied=True, qk_norm=True),
        "phi3": dict(arch="phi3", fused=True,
                     long_short=(1 + 3 * rng.random(half), 1 + 0.2 * rng.random(half)),
                     extra_kv={"rope.scaling.attn_factor": ("f", 1.19),
                               "rope.scaling.original_context_length": ("u", 256)}),
        "llama3": dict(arch="llama", rope_freqs=1 + 7 * rng.random(half),
                       extra_kv={"rope.scaling.type": ("s", "linear"), "rope.scaling.factor": ("f", 2.0)}),
        # F32 weights: llama.cpp then keeps activations in F32 too, as the NumPy pass does.
        "mistral": dict(arch="llama", float_weights=True, extra_kv={"attention.sliding_window": ("u", 16)}),
    }
    # Files Apiary must refuse at load, naming what it does not implement.
    refused = {
        "refused-yarn": dict(arch="qwen2", extra_kv={"rope.scaling.type": ("s", "yarn"), "rope.scaling.factor": ("f", 4.0)}),
        "refused-extra-tensor": dict(arch="qwen2", extra_tensor="blk.0.attn_sinks.weight"),
    }
    for name, spec in refused.items():
        arch = spec.pop("arch")
        write_model(os.path.join(MODELS_OUT, f"{name}.gguf"), arch, np.random.default_rng(1), **spec)
    # Every model is written before any reference runs (references draw nothing from rng).
    tensors = {}
    for name, spec in models.items():
        arch = spec.pop("arch")
        tensors[name] = write_model(os.path.join(MODELS_OUT, f"{name}.gguf"), arch, rng, **spec)
    names = sorted(list(refused) + list(models))
    if models_only:
        expected = dict(line.split()[::-1] for line in open(MANIFEST))
        for name in names:
            actual = sha256(os.path.join(MODELS_OUT, f"{name}.gguf"))
            if expected.get(f"{name}.gguf") != actual:
                sys.exit(f"make-synthetic-models: {name}.gguf has sha256 {actual}, not the committed "
                         f"{expected.get(name + '.gguf')} (numpy {np.__version__}, gguf package changed?)")
        print(f"make-synthetic-models: {len(names)} synthetic models in {MODELS_OUT} verified")
        return
    with open(MANIFEST, "w") as f:
        for name in names:
            f.write(f"{sha256(os.path.join(MODELS_OUT, name + '.gguf'))}  {name}.gguf\n")

    import llama_cpp
    for name in models:
        path = os.path.join(MODELS_OUT, f"{name}.gguf")
        fixture = {"model": f"{name}.gguf", "llama_cpp_python": llama_cpp.__version__, "cases": []}
        if name == "phi3":
            # A context within the original one uses the short factors; a longer one the long factors.
            fixture["cases"] = cases_from_llama(path, prompts, 128) + cases_from_llama(path, prompts, 512)
        elif name == "mistral":
            # llama.cpp runs the llama architecture without a window: it checks the
            # NumPy pass with no window, which is then the reference with it.
            checks = cases_from_llama(path, prompts, 256)
            worst = 0.0
            for case in checks:
                mine = numpy_forward(tensors[name], case["tokens"], window=10**9)[-1]
                worst = max(worst, float(np.abs(mine - np.array(case["logits"])).max()))
            fixture["numpy_vs_llama_cpp"] = worst
            # The longest prompt without the window: the test checks the window matters.
            fixture["unwindowed_logits"] = numpy_forward(tensors[name], prompts[-1], window=10**9)[-1].tolist()
            for tokens in prompts:
                logits, greedy, margins = numpy_run(tensors[name], tokens, window=16)
                fixture["cases"].append({"context": 256, "tokens": tokens, "logits": logits.tolist(), "greedy": greedy,
                                         "greedy_margins": margins, "alt_logits": logits.tolist(), "alt_greedy": greedy})
        else:
            fixture["cases"] = cases_from_llama(path, prompts, 256)
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(fixture, f, indent=1)
            f.write("\n")
        worst_self = max(float(np.abs(np.array(c["alt_logits"]) - np.array(c["logits"])).max()) for c in fixture["cases"])
        print(f"{name}: {os.path.getsize(path)} bytes, {len(fixture['cases'])} cases, "
              f"llama.cpp self-disagreement {worst_self:.2e}"
              + (f", numpy vs llama.cpp {fixture['numpy_vs_llama_cpp']:.2e}" if "numpy_vs_llama_cpp" in fixture else ""),
              file=sys.stderr)


if __name__ == "__main__":
    main()
