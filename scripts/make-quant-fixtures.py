#!/usr/bin/env python3
"""Make the tensor-format fixtures of Tests/InferenceTests/Fixtures/quant.

Each case is a pair of little-endian binary files plus a line in
manifest.tsv (name, GGML type, element count, origin):

  <name>.blocks    raw stored bytes (whole blocks, one or more rows)
  <name>.expected  float32 values from gguf.quants.dequantize(raw, type)

Cases come from
  * real tensors of the demo models (a few rows of the first tensor of each
    type present), read with gguf.GGUFReader;
  * random blocks for every type: random bits everywhere except the fp16
    scale fields (d, dmin, m), which get finite values of both signs and
    magnitudes from 1e-5 to 4 so that every element is finite;
  * for types the gguf package can quantize (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0),
    gaussian rows quantized by it (realistic, not random, scales).

activations-q8_0.* hold float rows (`.input`, float32) and their Q8_0
quantization by gguf (`.blocks`), which is bit-exact with ggml's
quantize_row_q8_0_ref: it checks Apiary's activation quantizer.

Usage: ~/.cache/apiary/venv/bin/python scripts/make-quant-fixtures.py
(needs numpy and the `gguf` package; models from scripts/fetch-models).
Deterministic: same seed, same files.
"""
import os
import sys
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFReader
from gguf.constants import GGML_QUANT_SIZES
from gguf.quants import dequantize, quantize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "InferenceTests" / "Fixtures" / "quant"
MODELS = Path(os.environ.get("APIARY_MODELS", ROOT / "models"))
DEMO_MODELS = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
REAL_TYPES = {T.F32, T.Q4_1, T.Q8_0, T.Q5_0, T.Q4_K, T.Q6_K}
ALL_TYPES = [T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0,
             T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K]
QUANTIZABLE = [T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0]

# Byte offsets of the fp16 scale fields inside each block.
HALF_FIELDS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}

rng = np.random.default_rng(20261125)
manifest = []


def write_case(name, qtype, raw, origin):
    raw = np.ascontiguousarray(raw, dtype=np.uint8).reshape(1, -1)
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    assert raw.size % type_size == 0
    expected = dequantize(raw, qtype).astype("<f4", copy=False).reshape(-1)
    assert expected.size == raw.size // type_size * block_size
    (OUT / f"{name}.blocks").write_bytes(raw.tobytes())
    (OUT / f"{name}.expected").write_bytes(expected.tobytes())
    manifest.append(f"{name}\t{qtype.name}\t{expected.size}\t{origin}")


def sane_halves(count):
    magnitude = 10.0 ** rng.uniform(-5, np.log10(4), count)
    sign = rng.choice([-1.0, 1.0], count)
    return (sign * magnitude).astype("<f2")


def random_blocks(qtype, blocks):
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    if qtype == T.F32:
        values = rng.standard_normal(blocks) * 10.0 ** rng.integers(-30, 30, blocks)
        return values.astype("<f4").view(np.uint8)
    if qtype == T.F16:
        bits = rng.integers(0, 1 << 16, 4 * blocks, dtype=np.uint16)
        return bits[(bits & 0x7C00) != 0x7C00][:blocks].astype("<u2").view(np.uint8)  # finite
    if qtype == T.BF16:
        # Random sign and mantissa, exponents within 2^±40 so that dot products stay finite.
        bits = rng.integers(0, 1 << 16, blocks, dtype=np.uint16) & 0x807F
        bits |= (rng.integers(127 - 40, 127 + 40, blocks).astype(np.uint16) << 7)
        return bits.astype("<u2").view(np.uint8)
    raw = rng.integers(0, 256, (blocks, type_size), dtype=np.uint8)
    for offset in HALF_FIELDS[qtype]:
        raw[:, offset:offset + 2] = sane_halves(blocks).view(np.uint8).reshape(blocks, 2)
    return raw


def real_cases():
    for model in DEMO_MODELS:
        path = MODELS / model
        if not path.exists():
            sys.exit(f"error: {path} not found; run scripts/fetch-models first")
        reader = GGUFReader(path)
        short = model.split("-")[0].lower()
        done = set()
        for tensor in reader.tensors:
            qtype = tensor.tensor_type
            if qtype not in REAL_TYPES or qtype in done:
                continue
            done.add(qtype)
            data = tensor.data.reshape(-1, tensor.data.shape[-1]) if tensor.data.ndim > 1 else tensor.data.reshape(1, -1)
            picks = sorted({0, data.shape[0] // 2, data.shape[0] - 1})
            raw = np.concatenate([data[row].view(np.uint8) for row in picks])
            write_case(f"real-{short}-{qtype.name.lower()}", qtype, raw,
                       f"{model}:{tensor.name} rows {','.join(map(str, picks))}")


def random_cases():
    for qtype in ALL_TYPES:
        block_size, _ = GGML_QUANT_SIZES[qtype]
        blocks = {1: 512, 32: 48, 256: 12}[block_size]
        origin = "random finite values" if block_size == 1 else "random bits, fp16 scales in ±[1e-5, 4]"
        write_case(f"random-{qtype.name.lower()}", qtype, random_blocks(qtype, blocks), f"{origin}, {blocks} blocks")
    # Edge patterns of the float formats: zeros, subnormals, extremes, infinities, NaNs.
    half_specials = [0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFE00]
    write_case("special-f16", T.F16, np.array(half_specials, dtype="<u2").view(np.uint8), "fp16 edge patterns")
    bf16_specials = [0x0000, 0x8000, 0x0001, 0x807F, 0x0080, 0x7F7F, 0xFF7F, 0x3F80, 0x7F80, 0xFF80, 0x7FC0, 0x7F81, 0xFFC1]
    write_case("special-bf16", T.BF16, np.array(bf16_specials, dtype="<u2").view(np.uint8), "bf16 edge patterns")
    for qtype in QUANTIZABLE:
        rows = (rng.standard_normal((4, 256)) * rng.uniform(0.01, 3, (4, 1))).astype(np.float32)
        write_case(f"quantized-{qtype.name.lower()}", qtype, quantize(rows, qtype),
                   "gaussian rows quantized by gguf.quants.quantize")


def activation_cases():
    rows = rng.standard_normal((8, 256)).astype(np.float32)
    rows *= rng.uniform(1e-3, 50, (8, 1)).astype(np.float32)
    rows[1, :32] = 0  # an all-zero block: d = 0
    rows[2, 40] = 1e4  # one outlier dominating its block
    # d = 127/127 = 1 exactly, so x/d = k + ½: ties, which ggml rounds away from zero.
    rows[3, 64:96] = np.arange(32, dtype=np.float32) - np.float32(15.5)
    rows[3, 64] = 127
    blocks = quantize(rows, T.Q8_0)
    (OUT / "activations-q8_0.input").write_bytes(rows.astype("<f4").tobytes())
    (OUT / "activations-q8_0.blocks").write_bytes(np.ascontiguousarray(blocks).tobytes())
    manifest.append(f"activations-q8_0\tQ8_0\t{rows.size}\tfloat rows quantized by gguf (ggml quantize_row_q8_0_ref)")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*"):
        if stale.suffix in {".blocks", ".expected", ".input"}:
            stale.unlink()
    real_cases()
    random_cases()
    activation_cases()
    (OUT / "manifest.tsv").write_text(
        "# name\ttype\telements\torigin  (made by scripts/make-quant-fixtures.py)\n" + "\n".join(manifest) + "\n")
    total = sum(f.stat().st_size for f in OUT.iterdir())
    print(f"{len(manifest)} cases, {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
